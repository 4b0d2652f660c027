import { requireRole } from "@/app/_server/session";
import { TopicsEditor } from "./topics-editor";
import { hasRole, publisherRoles } from "@/lib/roles";
import { apiForPublisher } from "@/app/_server/reads";

export const metadata = { title: "Topics" };

export default async function TopicsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}/topics`, publisherRoles);
  const api = await apiForPublisher(actor, id);
  return (
    <TopicsEditor
      apiId={api.id}
      canEdit={hasRole(actor, "CREATOR") && api.status !== "RETIRED"}
      initial={api.topics.map((t) => ({ name: t.name, publish: t.publish, subscribe: t.subscribe, urlMapping: t.urlMapping ?? "", description: t.description }))}
    />
  );
}
