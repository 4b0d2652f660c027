// GET /.well-known/openid-configuration: where the token, revocation and key endpoints are.
import { oauthEndpoint, serverMetadata } from "@/lib/oauth2";

export const runtime = "nodejs";
// Answered at request time, never prerendered: the URLs come from the running server's configuration, not the build's.
export const dynamic = "force-dynamic";

export const GET = oauthEndpoint(async () => {
  return Response.json(serverMetadata(), { headers: { "Cache-Control": "public, max-age=3600" } });
});
