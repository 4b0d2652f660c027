import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { UsageByApplicationGrid } from "./usage-by-application-grid";
import { UsageChart } from "./usage-chart";
import { UsageFigures } from "./usage-figures";
import { requireRole } from "@/app/_server/session";
import { SectionCard } from "@/components/section-card";
import { publisherRoles } from "@/lib/roles";
import { apiUsage, usageWindows, ZUsageWindow } from "@/lib/usage-report";

export const metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

export default async function UsagePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ window?: string }> }) {
  const { id } = await params;
  const span = ZUsageWindow.parse((await searchParams).window);
  const actor = await requireRole(`/publisher/apis/${id}/usage`, publisherRoles);
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
          <UsageByApplicationGrid rows={report.applications} />
        )}
      </SectionCard>
    </Stack>
  );
}
