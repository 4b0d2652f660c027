// POST /oauth2/token: the token endpoint (RFC 6749 §3.2). Duplex issues tokens for the
// client credentials grant (§4.4) only.
import { clientCredentialsGrant, clientCredentialsToken } from "@/lib/keys";
import { withClientAuthLimits } from "@/lib/client-auth-limits";
import { clientCredentials, oauthEndpoint, OAuthError, parseScope, readForm, tokenResponse } from "@/lib/oauth2";

export const runtime = "nodejs";

export const POST = oauthEndpoint(async (request) => {
  const form = await readForm(request);
  const grantType = form.get("grant_type");
  if (!grantType) throw new OAuthError("invalid_request", "grant_type is required.");
  if (grantType !== clientCredentialsGrant) {
    throw new OAuthError("unsupported_grant_type", `Duplex issues tokens for the client_credentials grant only, not ${grantType}.`);
  }
  const client = clientCredentials(request, form);
  const scope = parseScope(form.get("scope"));
  const token = await withClientAuthLimits(request, client.clientId, async () => {
    const issued = await clientCredentialsToken(client.clientId, client.clientSecret, scope);
    if (!issued) throw new OAuthError("invalid_client", "Client authentication failed.");
    return issued;
  });
  return tokenResponse(token, scope);
});
