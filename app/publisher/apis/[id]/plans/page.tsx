import { requireRole } from "@/app/_server/session";
import { ApiPlansForm } from "./api-plans-form";
import { describePlanLimit, listPlans } from "@/lib/plans";
import { hasRole, publisherRoles } from "@/lib/roles";
import { apiForPublisher } from "@/app/_server/reads";
import { formatCount } from "@/components/format";

export const metadata = { title: "Business Plans" };

export default async function ApiPlansPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}/plans`, publisherRoles);
  const [api, plans] = await Promise.all([apiForPublisher(actor, id), listPlans()]);
  return (
    <ApiPlansForm
      apiId={api.id}
      plans={plans.map((p) => ({
        name: p.name,
        description: p.description,
        limit: describePlanLimit(p),
        connections: p.maxConnections === null ? "Unlimited connections" : `${formatCount(p.maxConnections)} connections`,
      }))}
      chosen={api.plans.map((p) => p.plan.name)}
      canEdit={hasRole(actor, "CREATOR") && api.status !== "RETIRED"}
    />
  );
}
