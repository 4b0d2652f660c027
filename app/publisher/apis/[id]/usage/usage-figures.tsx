import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Grid from "@mui/material/Grid";
import Typography from "@mui/material/Typography";
import type { UsageTotals } from "@/lib/usage-report";
import { formatBytes, formatCount } from "@/components/format";

/** The window's totals as figures, one card each. */
export function UsageFigures({ totals }: { totals: UsageTotals }) {
  const figures = [
    { label: "Connections", value: formatCount(totals.connections) },
    { label: "Messages in", value: formatCount(totals.messagesIn), detail: formatBytes(totals.bytesIn) },
    { label: "Messages out", value: formatCount(totals.messagesOut), detail: formatBytes(totals.bytesOut) },
    { label: "Throttled", value: formatCount(totals.throttled), detail: "events over the plan's limit" },
    { label: "Errors", value: formatCount(totals.errors), detail: "connections that ended in error" },
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
