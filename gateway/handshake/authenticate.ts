// Who is calling: the access token (RFC 6750) from the Authorization header or the
// `access_token` query parameter, verified against the snapshot's signing keys, not revoked,
// and issued to an application key that still exists; or, on an API whose security allows it
// (Publisher → API → Runtime), an API key (lib/api-keys.ts) from the `apikey` header, the
// `apikey` query parameter or the `duplex.apikey.<key>` subprotocol, looked up by its SHA-256.
//
// Browsers cannot set headers on a WebSocket, hence the query form and the subprotocol form:
// the client offers `duplex.bearer` and `duplex.bearer.<token>` among its subprotocols. The
// backend never sees either (backend/target.ts strips the query parameter, tokenProtocols
// the subprotocols); when the backend chooses no subprotocol the gateway answers
// `duplex.bearer`, since a browser fails a handshake that offered subprotocols and got none back.
import type { IncomingHttpHeaders } from "node:http";
import type { KeyType } from "../../generated/prisma/enums";
import type { AccessTokenClaims, TokenVerifier } from "../../lib/tokens";
import { apiKeyHash } from "../../lib/api-key-hash";
import type { ConfigSnapshot } from "../config/snapshot";
import { keyAllowsAddress, keyAllowsOrigin } from "../config/api-key-grants";
import { Refusal, refusal } from "./refuse";
import { stage } from "./stage";

export interface Identity {
  applicationId: string;
  applicationName: string;
  keyType: KeyType;
  /** A token's verified claims; for an API key, the same fields as its application and owner give them. */
  claims: AccessTokenClaims;
  /** Set when the caller sent an API key rather than a token. */
  apiKeyId?: string;
}

export const accessTokenParam = "access_token";
/** The marker subprotocol of the subprotocol form; the token follows it as `duplex.bearer.<token>`. */
export const bearerProtocol = "duplex.bearer";
const bearerProtocolPrefix = `${bearerProtocol}.`;
export const apiKeyParam = "apikey";
/** The API key's subprotocol form, as the token's: `duplex.apikey` and `duplex.apikey.<key>`. */
export const apiKeyProtocol = "duplex.apikey";
const apiKeyProtocolPrefix = `${apiKeyProtocol}.`;

export interface OfferedCredentials {
  token: string | undefined;
  /** `duplex.bearer` or `duplex.apikey` was offered: the gateway answers it when the backend picks none. */
  marker: string | undefined;
  apiKey: string | undefined;
  /** What goes to the backend. */
  forward: string[];
}

/** The client's subprotocols split into the credential forms' and the rest, which go to the backend. */
export function tokenProtocols(offered: string[]): OfferedCredentials {
  if (!offered.some((p) => p.startsWith("duplex."))) return { token: undefined, marker: undefined, apiKey: undefined, forward: offered };
  let token: string | undefined;
  let apiKey: string | undefined;
  let marker: string | undefined;
  const forward: string[] = [];
  for (const p of offered) {
    if (p === bearerProtocol || p === apiKeyProtocol) marker = p;
    else if (p.startsWith(bearerProtocolPrefix)) token = p.slice(bearerProtocolPrefix.length);
    else if (p.startsWith(apiKeyProtocolPrefix)) apiKey = p.slice(apiKeyProtocolPrefix.length);
    else forward.push(p);
  }
  return { token, marker, apiKey, forward };
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

/** What the API's security allows, and what the handshake carried besides its credentials. */
export interface AuthenticationContext {
  route: { api: { runtime: { authentication: "oauth2" | "apiKey" | "both" } } };
  clientAddress: string;
  origin: string | undefined;
}

export async function authenticate(
  snapshot: ConfigSnapshot,
  headers: IncomingHttpHeaders,
  query: string,
  offered: Pick<OfferedCredentials, "token" | "apiKey"> = { token: undefined, apiKey: undefined },
  context?: AuthenticationContext,
): Promise<Identity | Refusal> {
  const accepts = context?.route.api.runtime.authentication ?? "oauth2";
  const apiKey = extractApiKey(headers, query, offered.apiKey);
  if (apiKey !== undefined) {
    if (apiKey instanceof Refusal) return apiKey;
    if (headers.authorization !== undefined || offered.token !== undefined || queryParam(query, accessTokenParam) !== undefined) return credentialsTwice;
    if (accepts === "oauth2") return apiKeysNotAccepted;
    return authenticateApiKey(snapshot, apiKey, context!);
  }
  if (accepts === "apiKey") return apiKeyRequired;
  const extracted = extractToken(headers, query, offered.token);
  if (extracted instanceof Refusal) return extracted;
  let claims: AccessTokenClaims;
  try {
    claims = await verifyOnce(snapshot.verifyToken, extracted.token);
  } catch (e) {
    return invalidToken(whyInvalid(e));
  }
  const identity: Identity = { applicationId: claims.application.id, applicationName: claims.application.name, keyType: claims.keytype, claims };
  return stillValidIn(snapshot, identity) ?? identity;
}

const credentialsTwice = refusal(400, "invalid_request", "Send an access token or an API key, not both.");
const apiKeysNotAccepted = refusal(401, "invalid_request", "This API does not accept API keys: send an OAuth2 access token (Authorization: Bearer <token>).");
const apiKeyRequired = refusal(401, "invalid_request", "This API accepts API keys only: send the apikey header, the apikey query parameter or the duplex.apikey subprotocol.");
const invalidApiKey = refusal(401, "invalid_token", "The API key is not valid: it is unknown, revoked or expired.");

/** The API key from one of its three forms; undefined when none was sent. */
function extractApiKey(headers: IncomingHttpHeaders, query: string, fromProtocol: string | undefined): string | Refusal | undefined {
  const header = headers[apiKeyParam];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const fromQuery = queryParam(query, apiKeyParam);
  const sent = Number(fromHeader !== undefined) + Number(fromQuery !== undefined) + Number(fromProtocol !== undefined);
  if (sent === 0) return undefined;
  if (sent > 1) return refusal(400, "invalid_request", "Send the API key once: in the apikey header, the apikey query parameter or the duplex.apikey subprotocol, not several.");
  const key = (fromHeader ?? fromQuery ?? fromProtocol)!.trim();
  return key ? key : refusal(401, "invalid_request", "The API key is empty.");
}

function authenticateApiKey(snapshot: ConfigSnapshot, key: string, context: AuthenticationContext): Identity | Refusal {
  const grant = snapshot.apiKeys.get(apiKeyHash(key));
  if (!grant || (grant.exp !== null && grant.exp * 1000 <= Date.now())) return invalidApiKey;
  if (!keyAllowsAddress(grant, context.clientAddress)) return refusal(403, "api_key_not_allowed", "This API key may not be used from this client address.");
  if (!keyAllowsOrigin(grant, context.origin)) return refusal(403, "api_key_not_allowed", "This API key may not be used from pages of this origin.");
  const identity: Identity = {
    applicationId: grant.applicationId,
    applicationName: grant.applicationName,
    keyType: grant.keyType,
    apiKeyId: grant.id,
    claims: {
      iss: "duplex:api-key",
      sub: grant.ownerId,
      jti: `api-key:${grant.id}`,
      // No expiry: as far as a JWT's exp goes (connections.ts waits again past setTimeout's limit).
      exp: grant.exp ?? noExpiry,
      iat: 0,
      client_id: `api-key:${grant.id}`,
      keytype: grant.keyType,
      application: { id: grant.applicationId, name: grant.applicationName, owner: grant.ownerUsername },
    },
  };
  return stillValidIn(snapshot, identity) ?? identity;
}

/** 9999-12-31: an API key without an expiry. */
const noExpiry = 253_402_300_799;

// RFC 6750 §3.1: a token that is "revoked ... or invalid for other reasons" is invalid_token,
// 401; a disabled owner's tokens are no longer valid, whatever they grant (403 is for scope).
const ownerDisabled = invalidToken("The access token's user is disabled.");

/** Checked at the handshake and again on every reload for open connections: revocation, the keys, the owner. */
export function stillValidIn(snapshot: ConfigSnapshot, identity: Identity): Refusal | undefined {
  const claims = identity.claims;
  if (identity.apiKeyId !== undefined) {
    if (!snapshot.apiKeyIds.has(identity.apiKeyId)) return invalidToken("The API key has been revoked.");
    return snapshot.disabledUsers.has(claims.sub) ? ownerDisabled : undefined;
  }
  if (snapshot.revokedJtis.has(claims.jti)) return invalidToken("The access token has been revoked.");
  if (snapshot.disabledUsers.has(claims.sub)) return ownerDisabled;
  const key = snapshot.keys.get(claims.client_id);
  if (!key || key.applicationId !== claims.application.id || key.keyType !== claims.keytype) {
    return invalidToken("The application keys this token was issued to no longer exist.");
  }
  return undefined;
}

// The handshake is its own context: the stage allocates nothing for it.
export const authenticateStage = stage(
  "identity",
  (h: AuthenticationContext & { snapshot: ConfigSnapshot; request: { headers: IncomingHttpHeaders }; upgrade: { query: string; offered: Pick<OfferedCredentials, "token" | "apiKey"> } }) =>
    authenticate(h.snapshot, h.request.headers, h.upgrade.query, h.upgrade.offered, h),
  { readsSnapshot: true },
);
