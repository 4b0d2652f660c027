// The AsyncAPI definition of a portal-visible API, as YAML, for code generators.
import YAML from "yaml";
import { getPortalApi } from "@/lib/apis";
import { generateDefinition } from "@/lib/asyncapi";
import { DuplexError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const api = await getPortalApi(id);
    return new Response(YAML.stringify(generateDefinition(api)), {
      headers: { "Content-Type": "application/yaml", "Content-Disposition": `attachment; filename="${api.name}-${api.version}-asyncapi.yaml"` },
    });
  } catch (e) {
    if (e instanceof DuplexError && e.code === "NOT_FOUND") return Response.json({ error: "not_found", message: "No such API." }, { status: 404 });
    throw e;
  }
}
