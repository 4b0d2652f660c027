// Guessing a client's secret at /oauth2/token or /oauth2/revoke: failed client authentications
// are limited per client id and per address (lib/rate-limit.ts, shared by every portal
// process). Over a limit the endpoint answers 429 with Retry-After in RFC 6749 §5.2's format,
// without checking the secret, so even the right one waits: else the limit would tell a
// guesser when they had it.
import { clientAddressFromForwardedFor } from "./client-address";
import { config } from "./config";
import { DuplexError } from "./errors";
import { OAuthError } from "./oauth2";
import { hitLimits, retryAfterSeconds, waitInWords, type RateLimit } from "./rate-limit";

function limits(clientId: string, ip: string | undefined) {
  const windowMs = config().CLIENT_AUTH_WINDOW_SECONDS * 1000;
  return [
    { limit: { name: "client-auth-client", max: config().CLIENT_AUTH_FAILURES_PER_CLIENT, windowMs } satisfies RateLimit, key: clientId },
    { limit: { name: "client-auth-ip", max: config().CLIENT_AUTH_FAILURES_PER_IP, windowMs } satisfies RateLimit, key: ip },
  ];
}

function isAuthenticationFailure(e: unknown): boolean {
  return (e instanceof OAuthError && e.error === "invalid_client") || (e instanceof DuplexError && e.code === "UNAUTHENTICATED");
}

/**
 * Runs `authenticate` (the secret check and what follows it) unless a limit is full. It counts
 * from before the check, so parallel guesses cannot all slip under the limit; an attempt that
 * did not fail authentication (a token issued, or another refusal) is taken back.
 */
export async function withClientAuthLimits<T>(request: Request, clientId: string, authenticate: () => Promise<T>): Promise<T> {
  const hit = await hitLimits(limits(clientId, clientAddressFromForwardedFor(request.headers.get("x-forwarded-for"))));
  if (!hit.allowed) {
    const wait = retryAfterSeconds(hit.retryAfterMs);
    throw new OAuthError("temporarily_unavailable", `Too many failed client authentications. Try again in ${waitInWords(wait)}.`, {
      status: 429,
      headers: { "Retry-After": String(wait) },
    });
  }
  try {
    const result = await authenticate();
    await hit.release();
    return result;
  } catch (e) {
    if (!isAuthenticationFailure(e)) await hit.release();
    throw e;
  }
}
