import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Grid from "@mui/material/Grid";
import Typography from "@mui/material/Typography";
import type { UsageTotals } from "@/lib/usage-report";

const count = new Intl.NumberFormat("en-US");

/** Bytes in the unit a person reads: 1.2 MB, not 1234567. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The window's totals as figures, one card each. */
export function UsageFigures({ totals }: { totals: UsageTotals }) {
  const figures = [
    { label: "Connections", value: count.format(totals.connections) },
    { label: "Messages in", value: count.format(totals.messagesIn), detail: formatBytes(totals.bytesIn) },
    { label: "Messages out", value: count.format(totals.messagesOut), detail: formatBytes(totals.bytesOut) },
    { label: "Throttled", value: count.format(totals.throttled), detail: "events over the plan's limit" },
    { label: "Errors", value: count.format(totals.errors), detail: "connections that ended in error" },
  ];
  return (
    <Grid container spacing={2}>
      {figures.map((f) => (
        <Grid key={f.label} size={{ xs: 6, md: "grow" }}>
          <Card sx={{ height: "100%" }} role="group" aria-label={f.label}>
            <CardContent>
              <Typography variant="overline" color="text.secondary">
                {f.label}
              </Typography>
              <Typography variant="h5" component="p">
                {f.value}
              </Typography>
              {f.detail && (
                <Typography variant="body2" color="text.secondary">
                  {f.detail}
                </Typography>
              )}
            </CardContent>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}
