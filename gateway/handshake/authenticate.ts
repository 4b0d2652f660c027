// Who is calling: the access token (RFC 6750) from the Authorization header or the
// `access_token` query parameter, verified against the snapshot's signing keys, not revoked,
// and issued to an application key that still exists.
//
// Browsers cannot set headers on a WebSocket, hence the query form; the backend never sees it
// (backend/target.ts strips it).
import type { IncomingHttpHeaders } from "node:http";
import type { KeyType } from "../../generated/prisma/enums";
import type { AccessTokenClaims } from "../../lib/tokens";
import type { ConfigSnapshot } from "../config/snapshot";
import { Refusal, refusal } from "../refuse";

export interface Identity {
  applicationId: string;
  applicationName: string;
  keyType: KeyType;
  claims: AccessTokenClaims;
}

export const accessTokenParam = "access_token";

/** The value of one query parameter, decoded; undefined when absent. */
export function queryParam(query: string, name: string): string | undefined {
  if (!query.includes(name)) return undefined;
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key !== name) continue;
    try {
      return decodeURIComponent(eq === -1 ? "" : pair.slice(eq + 1).replace(/\+/g, " "));
    } catch {
      return "";
    }
  }
  return undefined;
}

export type ExtractedToken = { token: string } | Refusal;

export function extractToken(headers: IncomingHttpHeaders, query: string): ExtractedToken {
  const authorization = headers.authorization;
  const fromQuery = queryParam(query, accessTokenParam);
  if (authorization !== undefined && fromQuery !== undefined) {
    // RFC 6750 §2: a client uses one method, never two.
    return refusal(400, "invalid_request", "Send the access token once: in the Authorization header or the access_token query parameter, not both.");
  }
  if (authorization !== undefined) {
    const match = /^Bearer +([^ ]+) *$/i.exec(authorization);
    if (!match) return refusal(401, "invalid_request", "The Authorization header must be: Bearer <access token>.");
    return { token: match[1] };
  }
  if (fromQuery) return { token: fromQuery };
  return refusal(401, "invalid_request", "An access token is required: send Authorization: Bearer <token> or ?access_token=<token>.");
}

const invalidToken = (message: string) => refusal(401, "invalid_token", message);

// jose's error codes, in words a developer can act on.
function whyInvalid(error: unknown): string {
  const code = (error as { code?: string }).code;
  const claim = (error as { claim?: string }).claim;
  if (code === "ERR_JWT_EXPIRED") return "The access token has expired.";
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED" && claim === "nbf") return "The access token is not valid yet.";
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") return `The access token was not issued for this gateway (${claim ?? "claims"} do not match).`;
  if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" || code === "ERR_JWKS_NO_MATCHING_KEY" || code === "ERR_JOSE_ALG_NOT_ALLOWED")
    return "The access token's signature is not valid.";
  if ((error as Error).name === "ZodError") return "The access token lacks the claims of a Duplex token.";
  return "The access token is malformed.";
}

export async function authenticate(snapshot: ConfigSnapshot, headers: IncomingHttpHeaders, query: string): Promise<Identity | Refusal> {
  const extracted = extractToken(headers, query);
  if (extracted instanceof Refusal) return extracted;
  let claims: AccessTokenClaims;
  try {
    claims = await snapshot.verifyToken(extracted.token);
  } catch (e) {
    return invalidToken(whyInvalid(e));
  }
  if (snapshot.revokedJtis.has(claims.jti)) return invalidToken("The access token has been revoked.");
  const key = snapshot.keys.get(claims.client_id);
  if (!key || key.applicationId !== claims.application.id || key.keyType !== claims.keytype) {
    return invalidToken("The application keys this token was issued to no longer exist.");
  }
  return { applicationId: claims.application.id, applicationName: claims.application.name, keyType: claims.keytype, claims };
}
