// Who is calling: the access token (RFC 6750) from the Authorization header or the
// `access_token` query parameter, verified against the snapshot's signing keys, not revoked,
// and issued to an application key that still exists.
//
// Browsers cannot set headers on a WebSocket, hence the query form and the subprotocol form:
// the client offers `duplex.bearer` and `duplex.bearer.<token>` among its subprotocols. The
// backend never sees either (backend/target.ts strips the query parameter, tokenProtocols
// the subprotocols); when the backend chooses no subprotocol the gateway answers
// `duplex.bearer`, since a browser fails a handshake that offered subprotocols and got none back.
import type { IncomingHttpHeaders } from "node:http";
import type { KeyType } from "../../generated/prisma/enums";
import type { AccessTokenClaims, TokenVerifier } from "../../lib/tokens";
import type { ConfigSnapshot } from "../config/snapshot";
import { Refusal, refusal } from "./refuse";
import { stage } from "./stage";

export interface Identity {
  applicationId: string;
  applicationName: string;
  keyType: KeyType;
  claims: AccessTokenClaims;
}

export const accessTokenParam = "access_token";
/** The marker subprotocol of the subprotocol form; the token follows it as `duplex.bearer.<token>`. */
export const bearerProtocol = "duplex.bearer";
const bearerProtocolPrefix = `${bearerProtocol}.`;

/** The client's subprotocols split into the token form's and the rest, which go to the backend. */
export function tokenProtocols(offered: string[]): { token: string | undefined; marker: boolean; forward: string[] } {
  if (!offered.some((p) => p.startsWith(bearerProtocol))) return { token: undefined, marker: false, forward: offered };
  let token: string | undefined;
  let marker = false;
  const forward: string[] = [];
  for (const p of offered) {
    if (p === bearerProtocol) marker = true;
    else if (p.startsWith(bearerProtocolPrefix)) token = p.slice(bearerProtocolPrefix.length);
    else forward.push(p);
  }
  return { token, marker, forward };
}

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

export function extractToken(headers: IncomingHttpHeaders, query: string, fromProtocol?: string): ExtractedToken {
  const authorization = headers.authorization;
  const fromQuery = queryParam(query, accessTokenParam);
  if (Number(authorization !== undefined) + Number(fromQuery !== undefined) + Number(fromProtocol !== undefined) > 1) {
    // RFC 6750 §2: a client uses one method, never two.
    return refusal(
      400,
      "invalid_request",
      "Send the access token once: in the Authorization header, the access_token query parameter or the duplex.bearer subprotocol, not several.",
    );
  }
  if (fromProtocol !== undefined) {
    if (!fromProtocol) return refusal(401, "invalid_request", "The duplex.bearer.<token> subprotocol carries no token.");
    return { token: fromProtocol };
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

// A verified signature stays verified: a token seen before is not checked again (an RS256
// verification is most of a handshake's CPU) until its exp, or until a reload brings a new
// verifier (new signing keys). Only the signature and claims are cached; revocation and the
// keys are checked on every handshake (stillValidIn).
const verifiedTokens = new WeakMap<TokenVerifier, Map<string, AccessTokenClaims>>();
/** Tokens remembered per verifier; the oldest is forgotten first. */
export const maxVerifiedTokens = 10_000;

async function verifyOnce(verify: TokenVerifier, token: string): Promise<AccessTokenClaims> {
  let verified = verifiedTokens.get(verify);
  if (!verified) verifiedTokens.set(verify, (verified = new Map()));
  const known = verified.get(token);
  if (known) {
    if (known.exp * 1000 > Date.now()) return known;
    verified.delete(token);
  }
  const claims = await verify(token);
  if (verified.size >= maxVerifiedTokens) verified.delete(verified.keys().next().value!);
  verified.set(token, claims);
  return claims;
}

export async function authenticate(snapshot: ConfigSnapshot, headers: IncomingHttpHeaders, query: string, fromProtocol?: string): Promise<Identity | Refusal> {
  const extracted = extractToken(headers, query, fromProtocol);
  if (extracted instanceof Refusal) return extracted;
  let claims: AccessTokenClaims;
  try {
    claims = await verifyOnce(snapshot.verifyToken, extracted.token);
  } catch (e) {
    return invalidToken(whyInvalid(e));
  }
  const stillValid = stillValidIn(snapshot, claims);
  if (stillValid) return stillValid;
  return { applicationId: claims.application.id, applicationName: claims.application.name, keyType: claims.keytype, claims };
}

// RFC 6750 §3.1: a token that is "revoked ... or invalid for other reasons" is invalid_token,
// 401; a disabled owner's tokens are no longer valid, whatever they grant (403 is for scope).
const ownerDisabled = invalidToken("The access token's user is disabled.");

/** Checked at the handshake and again on every reload for open connections: revocation, the keys, the owner. */
export function stillValidIn(snapshot: ConfigSnapshot, claims: AccessTokenClaims): Refusal | undefined {
  if (snapshot.revokedJtis.has(claims.jti)) return invalidToken("The access token has been revoked.");
  if (snapshot.disabledUsers.has(claims.sub)) return ownerDisabled;
  const key = snapshot.keys.get(claims.client_id);
  if (!key || key.applicationId !== claims.application.id || key.keyType !== claims.keytype) {
    return invalidToken("The application keys this token was issued to no longer exist.");
  }
  return undefined;
}

export const authenticateStage = stage(
  "identity",
  (h: { snapshot: ConfigSnapshot; request: { headers: IncomingHttpHeaders }; upgrade: { query: string; offered: { token: string | undefined } } }) =>
    authenticate(h.snapshot, h.request.headers, h.upgrade.query, h.upgrade.offered.token),
  { readsSnapshot: true },
);
