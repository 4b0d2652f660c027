// The AsyncAPI definition of a portal-visible API, for code generators: 3.0 (the default) or 2.6, YAML or JSON.
import { getPortalApi } from "@/lib/apis";
import { generateDefinition } from "@/lib/asyncapi";
import { definitionDownload, definitionResponse, downloadOptions } from "@/lib/asyncapi-v3";
import { duplexEndpoint } from "@/lib/json-endpoint";

export const dynamic = "force-dynamic";

// An API the portal does not show is a DuplexError NOT_FOUND: answered 404 by the wrapper.
export const GET = duplexEndpoint(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const api = await getPortalApi(id);
  return definitionResponse(definitionDownload(generateDefinition(api), api, downloadOptions(new URL(request.url).searchParams)));
});
