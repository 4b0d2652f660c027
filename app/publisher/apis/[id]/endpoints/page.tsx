import { requireRole } from "@/app/_server/session";
import { EndpointsEditor } from "./endpoints-editor";
import { defaultEndpointConfig, endpointConfig } from "@/lib/endpoint-config";
import { hasRole, publisherRoles } from "@/lib/roles";
import { apiForPublisher } from "@/app/_server/reads";

export const metadata = { title: "Endpoints" };

export default async function EndpointsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}/endpoints`, publisherRoles);
  const api = await apiForPublisher(actor, id);
  const slot = (type: "PRODUCTION" | "SANDBOX") => {
    const row = api.endpoints.find((e) => e.type === type);
    return { url: row?.url ?? "", config: row ? endpointConfig(row.config) : defaultEndpointConfig };
  };
  return (
    <EndpointsEditor
      apiId={api.id}
      initial={{ production: slot("PRODUCTION"), sandbox: slot("SANDBOX") }}
      canEdit={hasRole(actor, "CREATOR") && api.status !== "RETIRED"}
    />
  );
}
