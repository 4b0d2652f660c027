import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { PlansList } from "./plans-list";
import { describePlanLimit, listPlans } from "@/lib/plans";

export const metadata = { title: "Business plans" };

const asText = (v: number | string | null) => (v === null ? "" : String(v));

export default async function PlansPage() {
  await requireRole("/admin/plans", ["ADMIN"]);
  const plans = await listPlans();
  return (
    <>
      <Typography variant="h4" component="h1">
        Business plans
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        The limits an API offers its subscribers. A change reaches every gateway within a second, open connections included.
      </Typography>
      <PlansList
        plans={plans.map((p) => ({
          id: p.id,
          summary: describePlanLimit(p),
          connections: p.maxConnections === null ? "Unlimited" : p.maxConnections.toLocaleString("en-US"),
          draft: {
            name: p.name,
            displayName: p.displayName ?? "",
            description: p.description,
            eventCount: asText(p.eventCount),
            timeUnit: p.timeUnit,
            burstLimit: asText(p.burstLimit),
            burstTimeUnit: asText(p.burstTimeUnit),
            bandwidthAmount: asText(p.bandwidthAmount),
            bandwidthDataUnit: asText(p.bandwidthDataUnit),
            bandwidthTimeUnit: asText(p.bandwidthTimeUnit),
            maxConnections: asText(p.maxConnections),
            throttleAction: asText(p.throttleAction),
            requiresApproval: p.requiresApproval,
          },
        }))}
      />
    </>
  );
}
