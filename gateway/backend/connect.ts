// Opens the backend connection before the client's handshake is answered, so a backend that
// is down or refuses becomes an HTTP 502 (504 on timeout) with a reason, not an open-then-close.
import WebSocket from "ws";
import { refusal, type Refusal } from "../refuse";
import type { BackendTarget } from "./target";

export interface BackendRequest {
  target: BackendTarget;
  /** The client's offered subprotocols, forwarded so the backend chooses. */
  protocols: string[];
  headers: Record<string, string>;
  /** The client went away or the gateway is stopping: give up. */
  signal: AbortSignal;
}

export interface BackendFailure {
  refusal: Refusal;
  /** For the log, never for the client: it may name internal hosts. */
  detail: string;
}

export function connectBackend(request: BackendRequest): Promise<WebSocket | BackendFailure> {
  let backend: WebSocket;
  try {
    backend = new WebSocket(request.target.url, request.protocols, {
      headers: request.headers,
      perMessageDeflate: false,
      followRedirects: false,
    });
  } catch (e) {
    const failure = refusal(502, "backend_unavailable", "The API's backend URL is not usable.");
    return Promise.resolve({ refusal: failure, detail: (e as Error).message });
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
    const fail = (status: number, error: string, message: string, detail: string) => {
      backend.removeAllListeners("error");
      backend.on("error", () => {});
      backend.terminate();
      settle({ refusal: refusal(status, error, message), detail });
    };
    const onOpen = () => {
      // Hold its frames until the relay listens; the client's handshake is not done yet.
      backend.pause();
      backend.removeListener("error", onError);
      settle(backend);
    };
    const onError = (e: Error) => fail(502, "backend_unavailable", "The API's backend could not be reached.", e.message);
    const onUnexpectedResponse = (_req: unknown, res: { statusCode?: number; resume(): void }) => {
      res.resume();
      fail(502, "backend_refused", `The API's backend refused the connection (HTTP ${res.statusCode}).`, `backend answered ${res.statusCode}`);
    };
    const onAbort = () => fail(503, "gateway_unavailable", "The handshake was abandoned.", String(request.signal.reason ?? "aborted"));
    const timer = setTimeout(
      () => fail(504, "backend_timeout", "The API's backend did not answer in time.", `no handshake within ${request.target.connectTimeoutMs} ms`),
      request.target.connectTimeoutMs,
    );
    backend.on("open", onOpen);
    backend.on("error", onError);
    backend.on("unexpected-response", onUnexpectedResponse);
    if (request.signal.aborted) onAbort();
    else request.signal.addEventListener("abort", onAbort, { once: true });
  });
}
