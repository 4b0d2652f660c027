// POST /oauth2/revoke: token revocation (RFC 7009).
import { withClientAuthLimits } from "@/lib/client-auth-limits";
import { clientCredentials, noStoreHeaders, oauthEndpoint, OAuthError, readForm } from "@/lib/oauth2";
import { revokeToken } from "@/lib/revocation";

export const runtime = "nodejs";

export const POST = oauthEndpoint(async (request) => {
  const form = await readForm(request);
  const token = form.get("token");
  if (!token) throw new OAuthError("invalid_request", "token is required.");
  const client = clientCredentials(request, form);
  // token_type_hint is only a hint (§2.1), and every token Duplex issues is an access token.
  await withClientAuthLimits(request, client.clientId, () => revokeToken(client.clientId, client.clientSecret, token));
  // §2.2: 200 whether or not the token was found; the body carries nothing.
  return new Response(null, { status: 200, headers: noStoreHeaders });
});
