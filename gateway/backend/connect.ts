// Opens the backend connection before the client's handshake is answered, so a backend that
// is down or refuses becomes an HTTP 502 (504 on timeout) with a reason, not an open-then-close.
// The endpoint's settings decide the timeout, the retries, the extra headers, the largest
// message the backend may send and whether a wss:// backend's certificate is checked.
import { setTimeout as delay } from "node:timers/promises";
import WebSocket from "ws";
import { refusal, type Refusal } from "../refuse";
import type { BackendTarget } from "./target";

export interface BackendRequest {
  target: BackendTarget;
  /** The client's offered subprotocols, forwarded so the backend chooses. */
  protocols: string[];
  /** Set by the gateway; they win over the endpoint's extra headers. */
  headers: Record<string, string>;
  /** The client went away or the gateway is stopping: give up. */
  signal: AbortSignal;
  /** Offer permessage-deflate to the backend (the client offered it). */
  perMessageDeflate?: boolean;
}

export interface BackendFailure {
  refusal: Refusal;
  /** For the log, never for the client: it may name internal hosts. */
  detail: string;
  /** Worth another attempt: the backend was unreachable or silent, not deliberately refusing. */
  retryable: boolean;
}

// Node's codes for a certificate that does not verify.
const untrustedCertificate = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function headersOf(request: BackendRequest): Record<string, string> {
  const extra = request.target.endpoint.settings.headers;
  if (extra.length === 0) return request.headers;
  const headers: Record<string, string> = {};
  for (const h of extra) headers[h.name] = h.value;
  return Object.assign(headers, request.headers);
}

function attempt(request: BackendRequest): Promise<WebSocket | BackendFailure> {
  const settings = request.target.endpoint.settings;
  let backend: WebSocket;
  try {
    backend = new WebSocket(request.target.url, request.protocols, {
      headers: headersOf(request),
      perMessageDeflate: request.perMessageDeflate ?? false,
      followRedirects: false,
      maxPayload: settings.maxMessageBytes,
      rejectUnauthorized: settings.verifyTls,
    });
  } catch (e) {
    const failure = refusal(502, "backend_unavailable", "The API's backend URL is not usable.");
    return Promise.resolve({ refusal: failure, detail: (e as Error).message, retryable: false });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: WebSocket | BackendFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal.removeEventListener("abort", onAbort);
      backend.removeListener("open", onOpen);
      backend.removeListener("unexpected-response", onUnexpectedResponse);
      resolve(result);
    };
    const fail = (status: number, error: string, message: string, detail: string, retryable: boolean) => {
      backend.removeAllListeners("error");
      backend.on("error", () => {});
      backend.terminate();
      settle({ refusal: refusal(status, error, message), detail, retryable });
    };
    const onOpen = () => {
      // Hold its frames until the relay listens; the client's handshake is not done yet.
      backend.pause();
      backend.removeListener("error", onError);
      settle(backend);
    };
    const onError = (e: Error & { code?: string }) => {
      if (e.code && untrustedCertificate.has(e.code)) {
        return fail(502, "backend_untrusted", "The API's backend presented a TLS certificate the gateway does not trust.", `${e.code}: ${e.message}`, false);
      }
      fail(502, "backend_unavailable", "The API's backend could not be reached.", e.message, true);
    };
    const onUnexpectedResponse = (_req: unknown, res: { statusCode?: number; resume(): void }) => {
      res.resume();
      fail(502, "backend_refused", `The API's backend refused the connection (HTTP ${res.statusCode}).`, `backend answered ${res.statusCode}`, false);
    };
    const onAbort = () => fail(503, "gateway_unavailable", "The handshake was abandoned.", String(request.signal.reason ?? "aborted"), false);
    const timer = setTimeout(
      () => fail(504, "backend_timeout", "The API's backend did not answer in time.", `no handshake within ${request.target.connectTimeoutMs} ms`, true),
      request.target.connectTimeoutMs,
    );
    backend.on("open", onOpen);
    backend.on("error", onError);
    backend.on("unexpected-response", onUnexpectedResponse);
    if (request.signal.aborted) onAbort();
    else request.signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Connects, trying again `retries.count` more times, `retries.delayMs` apart, while the
 * backend is unreachable or silent. A backend that answers with an HTTP status, or a
 * certificate that does not verify, is not retried: another attempt would get the same.
 */
export async function connectBackend(request: BackendRequest): Promise<WebSocket | BackendFailure> {
  const { count, delayMs } = request.target.endpoint.settings.retries;
  let result = await attempt(request);
  for (let retry = 1; retry <= count && !(result instanceof WebSocket) && result.retryable; retry++) {
    try {
      await delay(delayMs, undefined, { signal: request.signal });
    } catch {
      return { refusal: refusal(503, "gateway_unavailable", "The handshake was abandoned."), detail: "aborted between retries", retryable: false };
    }
    const previous: BackendFailure = result;
    result = await attempt(request);
    if (!(result instanceof WebSocket)) result.detail = `${result.detail} (attempt ${retry + 1}; before: ${previous.detail})`;
  }
  return result;
}
