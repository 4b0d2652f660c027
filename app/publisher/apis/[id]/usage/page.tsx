import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { SectionCard } from "@/components/section-card";
import { UsageChart } from "@/components/usage-chart";
import { formatBytes, formatCount } from "@/components/format";
import { UsageFigures } from "@/components/usage-figures";
import { publisherRoles } from "@/lib/roles";
import { apiUsage, usageWindows, ZUsageWindow } from "@/lib/usage-report";

export const metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

export default async function UsagePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ window?: string }> }) {
  const { id } = await params;
  const span = ZUsageWindow.parse((await searchParams).window);
  const actor = await requireRole(`/publisher/apis/${id}/usage`, publisherRoles);
  if (!actor) return null;
  const report = await apiUsage(actor, id, span);
  const empty = report.totals.connections === 0 && report.totals.messagesIn === 0 && report.totals.messagesOut === 0;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} component="nav" aria-label="Usage window" sx={{ alignItems: "center" }}>
        <Typography variant="body2" color="text.secondary" sx={{ mr: 1 }}>
          What the gateways recorded, per minute, written every few seconds:
        </Typography>
        {Object.entries(usageWindows).map(([key, w]) => (
          <Chip
            key={key}
            component="a"
            href={`/publisher/apis/${id}/usage?window=${key}`}
            clickable
            label={w.label}
            color={key === span ? "primary" : "default"}
            variant={key === span ? "filled" : "outlined"}
            aria-current={key === span ? "page" : undefined}
          />
        ))}
      </Stack>
      <UsageFigures totals={report.totals} />
      <SectionCard title="Messages">
        {empty ? (
          <Typography color="text.secondary" sx={{ py: 4, textAlign: "center" }}>
            No traffic in this window. Connections through the gateway show up here within seconds.
          </Typography>
        ) : (
          <UsageChart hourly={span === "1h"} points={report.timeline.map((p) => ({ at: p.at.toISOString(), messagesIn: p.messagesIn, messagesOut: p.messagesOut }))} />
        )}
      </SectionCard>
      <SectionCard title="Applications">
        {report.applications.length === 0 ? (
          <Typography color="text.secondary">No application used the API in this window.</Typography>
        ) : (
          <Table size="small" aria-label="Usage by application">
            <TableHead>
              <TableRow>
                <TableCell>Application</TableCell>
                <TableCell>Owner</TableCell>
                <TableCell align="right">Connections</TableCell>
                <TableCell align="right">Messages in</TableCell>
                <TableCell align="right">Messages out</TableCell>
                <TableCell align="right">Data in / out</TableCell>
                <TableCell align="right">Throttled</TableCell>
                <TableCell align="right">Errors</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.applications.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>{a.name}</TableCell>
                  <TableCell>{a.owner}</TableCell>
                  <TableCell align="right">{formatCount(a.connections)}</TableCell>
                  <TableCell align="right">{formatCount(a.messagesIn)}</TableCell>
                  <TableCell align="right">{formatCount(a.messagesOut)}</TableCell>
                  <TableCell align="right">
                    {formatBytes(a.bytesIn)} / {formatBytes(a.bytesOut)}
                  </TableCell>
                  <TableCell align="right">{formatCount(a.throttled)}</TableCell>
                  <TableCell align="right">{formatCount(a.errors)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </SectionCard>
    </Stack>
  );
}
