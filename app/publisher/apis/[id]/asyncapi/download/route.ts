// Download the AsyncAPI definition as YAML or JSON.
import { sessionActor } from "@/lib/auth";
import { definitionText } from "@/lib/asyncapi";
import { DuplexError, httpStatusOf } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const format = new URL(request.url).searchParams.get("format") === "json" ? "json" : "yaml";
  const actor = await sessionActor();
  if (!actor) return Response.json({ error: "unauthenticated", message: "Sign in to download the definition." }, { status: 401 });
  try {
    const text = await definitionText(actor, id, format);
    return new Response(text, {
      headers: {
        "Content-Type": format === "json" ? "application/json" : "application/yaml",
        "Content-Disposition": `attachment; filename="asyncapi.${format}"`,
      },
    });
  } catch (e) {
    if (e instanceof DuplexError) return Response.json({ error: e.code.toLowerCase(), message: e.message }, { status: httpStatusOf[e.code] });
    throw e;
  }
}
