import Typography from "@mui/material/Typography";
import Link from "next/link";
import { SubscriptionsGrid } from "./subscriptions-grid";
import { requireActor } from "@/app/_server/session";
import { SectionCard } from "@/components/section-card";
import { getApplication } from "@/lib/applications";
import { subscriptionState } from "@/lib/subscription-state";

export const metadata = { title: "Application" };

export default async function ApplicationOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/devportal/applications/${id}`);
  const app = await getApplication(actor, id);
  return (
    <SectionCard title="Subscriptions">
      {app.subscriptions.length === 0 ? (
        <Typography color="text.secondary">
          No subscriptions yet. Find an API in the <Link href="/devportal/apis">catalogue</Link> and subscribe to it with this application.
        </Typography>
      ) : (
        <SubscriptionsGrid
          rows={app.subscriptions.map((s) => {
            const state = subscriptionState(s.status, s.workflowTasks[0]);
            return {
              id: s.id,
              apiId: s.apiId,
              api: s.api.name,
              version: s.api.version,
              status: state.label,
              statusNote: state.note,
              subscribedAt: s.createdAt.getTime(),
              subscribed: s.createdAt.toLocaleDateString("en-US", { dateStyle: "medium" }),
              plan: s.plan.name,
              plans: s.api.plans.map((p) => p.plan.name),
            };
          })}
        />
      )}
    </SectionCard>
  );
}
