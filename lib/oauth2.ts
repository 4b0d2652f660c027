// The wire protocol of the OAuth 2.0 endpoints (/oauth2/token, /oauth2/revoke): form
// parameters, client authentication (RFC 6749 §2.3.1), error responses (§5.2) and the
// server's metadata. Plain Web Request/Response, so it runs and is tested without Next.js.
import { config } from "./config";
import { DuplexError } from "./errors";
import { jsonEndpoint } from "./json-endpoint";
import { clientCredentialsGrant } from "./keys";
import { BodyTooLarge, readBodyText } from "./request-body";
import type { IssuedToken } from "./tokens";

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "unsupported_token_type"
  // RFC 6749 §4.1.2.1 (registered in §11.4): "temporarily unable to handle the request"; with 429 and Retry-After here.
  | "temporarily_unavailable";

/** A refusal, answered as RFC 6749 §5.2 describes. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    /** A status other than §5.2's (413 for a body too large, 429 over a limit), and headers to send with it. */
    readonly answer: { status?: number; headers?: Record<string, string> } = {},
  ) {
    super(description);
    this.name = "OAuthError";
  }

  /** §5.2: invalid_client is 401 (with a challenge), every other error 400. */
  get status(): number {
    return this.answer.status ?? (this.error === "invalid_client" ? 401 : 400);
  }
}

export const basicChallenge = 'Basic realm="Duplex"';

/** §5.1: responses with tokens or credentials must not be cached. */
export const noStoreHeaders = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

export function oauthJson(body: object, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...noStoreHeaders, ...headers } });
}

export function oauthErrorResponse(e: OAuthError): Response {
  // RFC 7235 §3.1: a 401 names the scheme to authenticate with; §5.2 requires it when the client used Basic.
  const challenge: Record<string, string> = e.status === 401 ? { "WWW-Authenticate": basicChallenge } : {};
  return oauthJson({ error: e.error, error_description: e.description }, e.status, { ...challenge, ...e.answer.headers });
}

/** The domain's refusals in OAuth's words; null for anything the endpoints do not expect. */
function oauthErrorOf(e: unknown): OAuthError | null {
  if (e instanceof OAuthError) return e;
  if (!(e instanceof DuplexError)) return null;
  if (e.code === "UNAUTHENTICATED") return new OAuthError("invalid_client", e.message);
  if (e.code === "FORBIDDEN") return new OAuthError("unauthorized_client", e.message);
  if (e.code === "INVALID") return new OAuthError("invalid_request", e.message);
  return null;
}

/**
 * The wrapper of every /oauth2 route handler (lib/json-endpoint.ts, in OAuth's words): refusals
 * become §5.2 error responses; anything else is logged and answered with a bare server_error.
 */
export function oauthEndpoint(handle: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  const endpoint = jsonEndpoint<undefined>(
    {
      refusal: (e) => {
        const refusal = oauthErrorOf(e);
        return refusal && oauthErrorResponse(refusal);
      },
      failure: () => oauthJson({ error: "server_error" }, 500),
    },
    (request) => handle(request),
  );
  return (request) => endpoint(request, undefined);
}

/**
 * The request's form parameters. §3.2: the body is application/x-www-form-urlencoded and
 * names each parameter at most once; §3.1: a parameter without a value counts as absent.
 */
export async function readForm(request: Request): Promise<Map<string, string>> {
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new OAuthError("invalid_request", "The request body must be application/x-www-form-urlencoded.");
  }
  if (new URL(request.url).searchParams.has("client_secret")) {
    throw new OAuthError("invalid_request", "The client secret must not be sent in the URL.");
  }
  const seen = new Set<string>();
  const form = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(await readCappedBody(request))) {
    if (seen.has(name)) throw new OAuthError("invalid_request", `The parameter ${name} is given more than once.`);
    seen.add(name);
    if (value !== "") form.set(name, value);
  }
  return form;
}

/** Bodies are a few parameters; a large one is refused before it is buffered (lib/request-body.ts). */
export const maxBodyBytes = 16 * 1024;

async function readCappedBody(request: Request): Promise<string> {
  try {
    return await readBodyText(request, maxBodyBytes);
  } catch (e) {
    if (e instanceof BodyTooLarge) throw new OAuthError("invalid_request", e.message, { status: 413 });
    throw e;
  }
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  method: "client_secret_basic" | "client_secret_post";
}

/**
 * The client's credentials, by HTTP Basic or in the body (§2.3.1); not yet checked against
 * the database. One method per request: both at once is invalid_request; none is invalid_client.
 */
export function clientCredentials(request: Request, form: Map<string, string>): ClientCredentials {
  const authorization = request.headers.get("authorization");
  const postId = form.get("client_id");
  const postSecret = form.get("client_secret");
  if (authorization !== null) {
    if (postSecret !== undefined) {
      throw new OAuthError("invalid_request", "Authenticate the client one way: HTTP Basic or client_secret in the body, not both.");
    }
    const basic = basicCredentials(authorization);
    // §3.2.1 lets a client name itself in the body too; it must then be the same client.
    if (postId !== undefined && postId !== basic.clientId) {
      throw new OAuthError("invalid_request", "client_id in the body names another client than the Authorization header.");
    }
    return { ...basic, method: "client_secret_basic" };
  }
  if (postId === undefined || postSecret === undefined) {
    throw new OAuthError("invalid_client", "Authenticate the client with HTTP Basic, or with client_id and client_secret in the body.");
  }
  return { clientId: postId, clientSecret: postSecret, method: "client_secret_post" };
}

// §2.3.1: Basic credentials are each form-urlencoded (Appendix B) before they are joined by ':'.
function basicCredentials(authorization: string): { clientId: string; clientSecret: string } {
  const malformed = new OAuthError("invalid_client", "The Authorization header must be HTTP Basic with the client's key and secret.");
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(authorization);
  if (!match) throw malformed;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1) throw malformed;
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw malformed;
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

// §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), tokens separated by single spaces.
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** The requested scope with duplicate tokens dropped; undefined when none was asked for. */
export function parseScope(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const tokens = raw.split(" ");
  if (!tokens.every((t) => scopeToken.test(t))) {
    throw new OAuthError("invalid_scope", "scope is a list of scope tokens separated by single spaces.");
  }
  return [...new Set(tokens)].join(" ");
}

/** §5.1: the successful token response. */
export function tokenResponse(token: IssuedToken, scope?: string): Response {
  return oauthJson({
    access_token: token.accessToken,
    token_type: "Bearer",
    expires_in: token.expiresIn,
    ...(scope ? { scope } : {}),
  });
}

const clientAuthMethods = ["client_secret_basic", "client_secret_post"];

/**
 * What this server does, for /.well-known/openid-configuration, in RFC 8414's terms. Only
 * what is true: there is no authorization endpoint, so no response types, and no ID tokens.
 */
export function serverMetadata() {
  const portal = config().PORTAL_URL.replace(/\/$/, "");
  return {
    issuer: config().TOKEN_ISSUER,
    token_endpoint: `${portal}/oauth2/token`,
    jwks_uri: `${portal}/oauth2/jwks`,
    revocation_endpoint: `${portal}/oauth2/revoke`,
    grant_types_supported: [clientCredentialsGrant],
    response_types_supported: [] as string[],
    token_endpoint_auth_methods_supported: clientAuthMethods,
    revocation_endpoint_auth_methods_supported: clientAuthMethods,
  };
}
