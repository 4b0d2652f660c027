// GET /.well-known/openid-configuration: where the token, revocation and key endpoints are.
import { connection } from "next/server";
import { oauthEndpoint, serverMetadata } from "../../../lib/oauth2";

export const runtime = "nodejs";

export const GET = oauthEndpoint(async () => {
  // Read at request time: the URLs come from the running server's configuration, not the build's.
  await connection();
  return Response.json(serverMetadata(), { headers: { "Cache-Control": "public, max-age=3600" } });
});
