import { requireRole } from "@/app/_server/session";
import { TopicsEditor } from "@/components/topics-editor";
import { getApiForPublisher } from "@/lib/apis";
import { hasRole, publisherRoles } from "@/lib/roles";

export const metadata = { title: "Topics" };

export default async function TopicsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}/topics`, publisherRoles);
  if (!actor) return null;
  const api = await getApiForPublisher(actor, id);
  return (
    <TopicsEditor
      apiId={api.id}
      canEdit={hasRole(actor, "CREATOR") && api.status !== "RETIRED"}
      initial={api.topics.map((t) => ({ name: t.name, publish: t.publish, subscribe: t.subscribe, urlMapping: t.urlMapping ?? "", description: t.description }))}
    />
  );
}
