// Download the AsyncAPI definition: 3.0 (the default) or 2.6, YAML or JSON.
import { sessionActor } from "@/app/_server/session";
import { publisherDefinition } from "@/lib/asyncapi";
import { definitionDownload, definitionResponse, downloadOptions } from "@/lib/asyncapi-v3";
import { DuplexError } from "@/lib/errors";
import { duplexEndpoint } from "@/lib/json-endpoint";

export const dynamic = "force-dynamic";

export const GET = duplexEndpoint(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const actor = await sessionActor();
  if (!actor) throw new DuplexError("UNAUTHENTICATED", "Sign in to download the definition.");
  const { api, document } = await publisherDefinition(actor, id);
  return definitionResponse(definitionDownload(document, api, downloadOptions(new URL(request.url).searchParams)));
});
