import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { CreateApiStepper } from "./create-api-stepper";
import { describePlanLimit, listPlans } from "@/lib/plans";
import { hasRole } from "@/lib/roles";

export const metadata = { title: "Create a WebSocket API (guided)" };

export default async function GuidedCreatePage() {
  const actor = await requireRole("/publisher/apis/create/websocket/guided", ["CREATOR"]);
  const plans = await listPlans();
  return (
    <>
      <Typography variant="h4" component="h1">
        Create a WebSocket API
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        Design the API, implement it with your backends, and manage who may subscribe.
      </Typography>
      <CreateApiStepper plans={plans.map((p) => ({ name: p.name, limit: describePlanLimit(p) }))} canPublish={hasRole(actor, "PUBLISHER")} />
    </>
  );
}
