import { requireRole } from "@/app/_server/session";
import { VersionsPanel } from "./versions-panel";
import { defaultVersionPath, gatewayPath } from "@/lib/gateway-urls";
import { hasRole, publisherRoles } from "@/lib/roles";
import { listVersions } from "@/lib/versions";
import { apiForPublisher } from "@/app/_server/reads";

export const metadata = { title: "Versions" };

export default async function VersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}/versions`, publisherRoles);
  const [api, versions] = await Promise.all([apiForPublisher(actor, id), listVersions(actor, id)]);
  return (
    <VersionsPanel
      apiId={api.id}
      apiName={api.name}
      defaultPath={defaultVersionPath(api.context)}
      canEdit={hasRole(actor, "CREATOR")}
      versions={versions.map((v) => ({
        id: v.id,
        version: v.version,
        path: gatewayPath(v),
        status: v.status,
        isDefault: v.isDefaultVersion,
        subscriptions: v._count.subscriptions,
        created: v.createdAt.toLocaleString("en-US", { dateStyle: "medium" }),
      }))}
    />
  );
}
