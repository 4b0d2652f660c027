// Opens the backend connection before the client's handshake is answered, so a backend that
// is down or refuses becomes an HTTP 502 (504 on timeout) with a reason, not an open-then-close.
// The gateway makes the WebSocket handshake itself (RFC 6455 §4.1) and keeps only the socket:
// after it, the relay passes bytes. The endpoint's settings decide the timeout, the retries,
// the extra headers and whether a wss:// backend's certificate is checked; the largest
// message either side may send is the relay's to enforce.
import { randomBytes } from "node:crypto";
import { request as httpRequest, type ClientRequest, type ClientRequestArgs, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { setTimeout as delay } from "node:timers/promises";
import { refusal, type Refusal } from "../refuse";
import { acceptFor, invalidExtensionAnswer } from "../relay/handshake";
import type { BackendTarget } from "./target";

export interface BackendRequest {
  target: BackendTarget;
  /** The client's offered subprotocols, forwarded so the backend chooses. */
  protocols: string[];
  /** Set by the gateway; they win over the endpoint's extra headers. */
  headers: Record<string, string>;
  /** The client went away or the gateway is stopping: give up. */
  signal: AbortSignal;
  /** The client's Sec-WebSocket-Extensions offer to pass on (relay/handshake.ts relayableExtensions); "" for none. */
  extensions?: string;
}

/** An open backend connection, its handshake done. */
export class BackendConnection {
  constructor(
    readonly socket: Socket,
    /** Bytes that came after the 101 response: the backend's first frames. */
    readonly head: Buffer,
    /** The subprotocol it chose; "" for none. */
    readonly protocol: string,
    /** The Sec-WebSocket-Extensions it accepted; "" for none. */
    readonly extensions: string,
  ) {}

  /** Drops it, as when the client left before it could be used. */
  destroy(): void {
    this.socket.destroy();
  }
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

function headersOf(request: BackendRequest, key: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of request.target.endpoint.settings.headers) headers[h.name] = h.value;
  Object.assign(headers, request.headers);
  headers.Connection = "Upgrade";
  headers.Upgrade = "websocket";
  headers["Sec-WebSocket-Key"] = key;
  headers["Sec-WebSocket-Version"] = "13";
  if (request.protocols.length) headers["Sec-WebSocket-Protocol"] = request.protocols.join(",");
  if (request.extensions) headers["Sec-WebSocket-Extensions"] = request.extensions;
  return headers;
}

// No agent: an upgraded socket leaves the pool anyway.
function plainConnection(options: ClientRequestArgs): Socket {
  return netConnect({ host: options.host ?? undefined, port: Number(options.port) });
}
function tlsConnection(options: ClientRequestArgs & { rejectUnauthorized?: boolean }): Socket {
  const host = options.host ?? "";
  // SNI names a host, never an address (RFC 6066 §3).
  return tlsConnect({ host, port: Number(options.port), servername: isIP(host) ? "" : host, rejectUnauthorized: options.rejectUnauthorized });
}

/** Why the 101 is not a valid answer to this handshake (§4.1, steps 1-6 of the client's checks). */
function invalidAnswer(res: IncomingMessage, key: string, request: BackendRequest): string | undefined {
  if (res.headers.upgrade?.toLowerCase() !== "websocket") return "the 101 response's Upgrade header is not websocket";
  if (res.headers["sec-websocket-accept"] !== acceptFor(key)) return "the 101 response's Sec-WebSocket-Accept does not match the key";
  const protocol = res.headers["sec-websocket-protocol"];
  if (protocol !== undefined && !request.protocols.includes(protocol)) return `the backend chose a subprotocol that was not offered: ${protocol}`;
  return invalidExtensionAnswer(request.extensions ?? "", res.headers["sec-websocket-extensions"]);
}

function attempt(request: BackendRequest): Promise<BackendConnection | BackendFailure> {
  const settings = request.target.endpoint.settings;
  const key = randomBytes(16).toString("base64");
  let req: ClientRequest;
  try {
    const url = new URL(request.target.url);
    const secure = url.protocol === "wss:";
    if (!secure && url.protocol !== "ws:") throw new Error(`${url.protocol} is not ws: or wss:`);
    const options = {
      host: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: headersOf(request, key),
      rejectUnauthorized: settings.verifyTls,
    };
    req = secure ? httpsRequest({ ...options, createConnection: tlsConnection }) : httpRequest({ ...options, createConnection: plainConnection });
  } catch (e) {
    const failure = refusal(502, "backend_unavailable", "The API's backend URL is not usable.");
    return Promise.resolve({ refusal: failure, detail: (e as Error).message, retryable: false });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: BackendConnection | BackendFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal.removeEventListener("abort", onAbort);
      resolve(result);
    };
    const fail = (status: number, error: string, message: string, detail: string, retryable: boolean) => {
      req.destroy();
      settle({ refusal: refusal(status, error, message), detail, retryable });
    };
    req.on("upgrade", (res: IncomingMessage, socket: Socket, head: Buffer) => {
      const invalid = invalidAnswer(res, key, request);
      if (invalid || settled) {
        socket.destroy();
        if (invalid) fail(502, "backend_refused", "The API's backend did not complete the WebSocket handshake.", invalid, false);
        return;
      }
      // Until the relay listens: an error now shows when the relay starts reading.
      socket.on("error", ignore);
      settle(new BackendConnection(socket, head, res.headers["sec-websocket-protocol"] ?? "", res.headers["sec-websocket-extensions"] ?? ""));
    });
    req.on("response", (res: IncomingMessage) => {
      res.resume();
      fail(502, "backend_refused", `The API's backend refused the connection (HTTP ${res.statusCode}).`, `backend answered ${res.statusCode}`, false);
    });
    req.on("error", (e: Error & { code?: string }) => {
      if (settled) return;
      if (e.code && untrustedCertificate.has(e.code)) {
        return fail(502, "backend_untrusted", "The API's backend presented a TLS certificate the gateway does not trust.", `${e.code}: ${e.message}`, false);
      }
      fail(502, "backend_unavailable", "The API's backend could not be reached.", e.message, true);
    });
    const onAbort = () => fail(503, "gateway_unavailable", "The handshake was abandoned.", String(request.signal.reason ?? "aborted"), false);
    const timer = setTimeout(
      () => fail(504, "backend_timeout", "The API's backend did not answer in time.", `no handshake within ${request.target.connectTimeoutMs} ms`, true),
      request.target.connectTimeoutMs,
    );
    if (request.signal.aborted) onAbort();
    else request.signal.addEventListener("abort", onAbort, { once: true });
    req.end();
  });
}

function ignore() {}

/** Stops ignoring the socket's errors: its new owner listens for them. */
export function adopt(connection: BackendConnection): Socket {
  connection.socket.removeListener("error", ignore);
  return connection.socket;
}

/**
 * Connects, trying again `retries.count` more times, `retries.delayMs` apart, while the
 * backend is unreachable or silent. A backend that answers with an HTTP status, or a
 * certificate that does not verify, is not retried: another attempt would get the same.
 */
export async function connectBackend(request: BackendRequest): Promise<BackendConnection | BackendFailure> {
  const { count, delayMs } = request.target.endpoint.settings.retries;
  let result = await attempt(request);
  for (let retry = 1; retry <= count && !(result instanceof BackendConnection) && result.retryable; retry++) {
    try {
      await delay(delayMs, undefined, { signal: request.signal });
    } catch {
      return { refusal: refusal(503, "gateway_unavailable", "The handshake was abandoned."), detail: "aborted between retries", retryable: false };
    }
    const previous: BackendFailure = result;
    result = await attempt(request);
    if (!(result instanceof BackendConnection)) result.detail = `${result.detail} (attempt ${retry + 1}; before: ${previous.detail})`;
  }
  return result;
}
