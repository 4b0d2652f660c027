import { requireRole } from "@/app/_server/session";
import { apiForPublisher } from "@/app/_server/reads";
import { getApiRuntime, normaliseOrigin } from "@/lib/api-runtime";
import { config } from "@/lib/config";
import { hasRole, publisherRoles } from "@/lib/roles";
import { RuntimeForm } from "./runtime-form";

export const metadata = { title: "Runtime" };

export default async function ApiRuntimePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}/runtime`, publisherRoles);
  const [api, runtime] = await Promise.all([apiForPublisher(actor, id), getApiRuntime(actor, id)]);
  // The Developer Portal's Try it console connects from the portal's own pages.
  const portalOrigin = normaliseOrigin(new URL(config().PORTAL_URL).origin);
  return <RuntimeForm apiId={api.id} initial={runtime} portalOrigin={portalOrigin} canEdit={hasRole(actor, "CREATOR") && api.status !== "RETIRED"} />;
}
