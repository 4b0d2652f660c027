// GET /oauth2/jwks: the public keys that verify Duplex access tokens (RFC 7517 key set).
import { oauthEndpoint } from "@/lib/oauth2";
import { publicJwks } from "@/lib/tokens";

export const runtime = "nodejs";
// Answered at request time, never prerendered: the keys live in the database, not in the build.
export const dynamic = "force-dynamic";

export const GET = oauthEndpoint(async () => {
  // Short: a verifier holding a stale set misses a newly made key for at most this long.
  return Response.json(await publicJwks(), { headers: { "Cache-Control": "public, max-age=60" } });
});
