import { ApiSubscriptionsGrid } from "./api-subscriptions-grid";
import { requireRole } from "@/app/_server/session";
import { SectionCard } from "@/components/section-card";
import { listApiSubscriptions } from "@/lib/api-subscribers";
import { publisherRoles } from "@/lib/roles";
import { subscriptionState } from "@/lib/subscription-state";

export const metadata = { title: "Subscriptions" };

export default async function ApiSubscriptionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}/subscriptions`, publisherRoles);
  const { api, subscriptions, canBlock } = await listApiSubscriptions(actor, id);
  return (
    <SectionCard title="Subscriptions">
      <ApiSubscriptionsGrid
        apiId={api.id}
        canBlock={canBlock}
        rows={subscriptions.map((s) => {
          const state = subscriptionState(s.status, s.workflowTasks[0]);
          return {
            id: s.id,
            application: s.application.name,
            owner: s.application.owner.username,
            plan: s.plan.name,
            status: s.status,
            state: state.label,
            note: state.note,
            subscribedAt: s.createdAt.getTime(),
            subscribed: s.createdAt.toLocaleDateString("en-US", { dateStyle: "medium" }),
          };
        })}
      />
    </SectionCard>
  );
}
