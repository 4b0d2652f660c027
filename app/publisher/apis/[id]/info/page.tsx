import { requireRole } from "@/app/_server/session";
import { ApiInfoForm } from "./api-info-form";
import { listPortalTags } from "@/lib/apis";
import { hasRole, publisherRoles } from "@/lib/roles";
import { apiForPublisher } from "@/app/_server/reads";

export const metadata = { title: "Basic info" };

export default async function ApiInfoPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}/info`, publisherRoles);
  const [api, tags] = await Promise.all([apiForPublisher(actor, id), listPortalTags()]);
  return (
    <ApiInfoForm
      apiId={api.id}
      initial={{ description: api.description, tags: api.tags }}
      suggestions={tags.map((t) => t.tag)}
      canEdit={hasRole(actor, "CREATOR") && api.status !== "RETIRED"}
    />
  );
}
