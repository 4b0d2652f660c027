import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { listDenyPolicies } from "@/lib/deny-policies";
import { DenyPoliciesList } from "./deny-policies-list";

export const metadata = { title: "Deny policies" };

export default async function DenyPoliciesPage() {
  const actor = await requireRole("/admin/deny-policies", ["ADMIN"]);
  const policies = await listDenyPolicies(actor);
  return (
    <>
      <Typography variant="h4" component="h1">
        Deny policies
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        Block, on every gateway, an API context, an application, a user or a client address or range. A new handshake that matches an enabled policy is refused with 403; open
        connections that match close at once.
      </Typography>
      <DenyPoliciesList
        policies={policies.map((p) => ({ id: p.id, type: p.type, label: p.label, description: p.description, enabled: p.enabled, createdAt: p.createdAt.toISOString() }))}
      />
    </>
  );
}
