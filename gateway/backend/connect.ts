// Opens the backend connection before the client's handshake is answered, so a backend that
// is down or refuses becomes an HTTP 502 (504 on timeout) with a reason, not an open-then-close.
// The gateway makes the WebSocket handshake itself (RFC 6455 §4.1) and keeps only the socket:
// after it, the relay passes bytes. The endpoint's settings decide the timeout, the retries,
// the extra headers and whether a wss:// backend's certificate is checked; the largest
// message either side may send is the relay's to enforce.
import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { refusal, type Refusal } from "../handshake/refuse";
import { acceptFor, invalidExtensionAnswer } from "../relay/opening-handshake";
import { randomKey } from "../relay/random-pool";
import type { BackendTarget } from "./target";

export interface BackendRequest {
  target: BackendTarget;
  /** The client's offered subprotocols, forwarded so the backend chooses. */
  protocols: string[];
  /** Set by the gateway; they win over the endpoint's extra headers. */
  headers: Record<string, string>;
  /** The client went away or the gateway is stopping: give up. */
  signal: Abandon;
  /** The client's Sec-WebSocket-Extensions offer to pass on (relay/opening-handshake.ts relayableExtensions); "" for none. */
  extensions?: string;
}

/** An open backend connection, its handshake done. */
export class BackendConnection {
  readonly socket: Socket;
  /** Bytes that came after the 101 response: the backend's first frames. */
  readonly head: Buffer;
  /** The subprotocol it chose; "" for none. */
  readonly protocol: string;
  /** The Sec-WebSocket-Extensions it accepted; "" for none. */
  readonly extensions: string;

  constructor(answer: { socket: Socket; head: Buffer; protocol: string; extensions: string }) {
    this.socket = answer.socket;
    this.head = answer.head;
    this.protocol = answer.protocol;
    this.extensions = answer.extensions;
  }

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

/** The handshake request (§4.1): the endpoint's extra headers, then the gateway's, then the handshake's own. */
function requestOf(request: BackendRequest, url: URL, key: string): string {
  const headers = new Map<string, [string, string]>();
  const set = (name: string, value: string) => headers.set(name.toLowerCase(), [name, value]);
  set("Host", url.host);
  for (const h of request.target.endpoint.settings.headers) set(h.name, h.value);
  for (const [name, value] of Object.entries(request.headers)) set(name, value);
  set("Connection", "Upgrade");
  set("Upgrade", "websocket");
  set("Sec-WebSocket-Key", key);
  set("Sec-WebSocket-Version", "13");
  if (request.protocols.length) set("Sec-WebSocket-Protocol", request.protocols.join(","));
  if (request.extensions) set("Sec-WebSocket-Extensions", request.extensions);
  let text = `GET ${url.pathname}${url.search} HTTP/1.1\r\n`;
  for (const [name, value] of headers.values()) text += `${name}: ${value}\r\n`;
  return `${text}\r\n`;
}

/** The backend's response head: its status and headers (names lower-cased, repeats joined). */
interface ResponseHead {
  status: number;
  headers: Map<string, string>;
}

function parseHead(text: string): ResponseHead | undefined {
  const lines = text.split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!status) return undefined;
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(":");
    if (colon <= 0) continue;
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { status: Number(status[1]), headers };
}

/** Why the 101 is not a valid answer to this handshake (§4.1, the client's checks). */
function invalidAnswer(head: ResponseHead, key: string, request: BackendRequest): string | undefined {
  if (head.headers.get("upgrade")?.toLowerCase() !== "websocket") return "the 101 response's Upgrade header is not websocket";
  if (head.headers.get("sec-websocket-accept") !== acceptFor(key)) return "the 101 response's Sec-WebSocket-Accept does not match the key";
  const protocol = head.headers.get("sec-websocket-protocol");
  if (protocol !== undefined && !request.protocols.includes(protocol)) return `the backend chose a subprotocol that was not offered: ${protocol}`;
  return invalidExtensionAnswer(request.extensions ?? "", head.headers.get("sec-websocket-extensions"));
}

// A response head longer than this is not a WebSocket handshake's.
const maxResponseHead = 16 * 1024;

const kAttempt = Symbol("duplex.backend.attempt");
type AttemptSocket = Socket & { [kAttempt]?: Attempt };

// Listeners shared by every attempt (it is found on its socket): a handshake allocates no closures.
function onData(this: AttemptSocket, chunk: Buffer) {
  this[kAttempt]?.data(chunk);
}
function onError(this: AttemptSocket, e: Error & { code?: string }) {
  const attempt = this[kAttempt];
  if (!attempt) return;
  if (e.code && untrustedCertificate.has(e.code)) {
    return attempt.fail(502, "backend_untrusted", "The API's backend presented a TLS certificate the gateway does not trust.", `${e.code}: ${e.message}`, false);
  }
  attempt.fail(502, "backend_unavailable", "The API's backend could not be reached.", e.message, true);
}
function onClose(this: AttemptSocket) {
  this[kAttempt]?.fail(502, "backend_unavailable", "The API's backend could not be reached.", "the backend closed the connection during the handshake", true);
}
function onTimeout(attempt: Attempt, ms: number) {
  attempt.fail(504, "backend_timeout", "The API's backend did not answer in time.", `no handshake within ${ms} ms`, true);
}

/** One try at the handshake on one socket. */
class Attempt {
  #received: Buffer | undefined;
  #resolve!: (result: BackendConnection | BackendFailure) => void;
  readonly #timer: NodeJS.Timeout;
  readonly result: Promise<BackendConnection | BackendFailure>;

  private readonly request: BackendRequest;
  private readonly socket: AttemptSocket;
  private readonly key: string;

  /** `text` is the handshake request for `key`, written as soon as the socket connects. */
  constructor(options: { request: BackendRequest; socket: Socket; key: string; text: string }) {
    const { request, key } = options;
    const socket = options.socket as AttemptSocket;
    this.request = request;
    this.socket = socket;
    this.key = key;
    this.result = new Promise((resolve) => (this.#resolve = resolve));
    socket[kAttempt] = this;
    this.#timer = setTimeout(onTimeout, request.target.connectTimeoutMs, this, request.target.connectTimeoutMs);
    socket.on("data", onData);
    socket.on("error", onError);
    socket.on("close", onClose);
    // A no-op where connect's noDelay did it (set once the socket connects: one setsockopt, not two).
    socket.setNoDelay(true);
    // Written as soon as the connection is up (and, for wss, the TLS handshake done).
    socket.write(options.text);
    request.signal.onAbort(this);
  }

  data(chunk: Buffer): void {
    const received = (this.#received = this.#received ? Buffer.concat([this.#received, chunk]) : chunk);
    const end = received.indexOf("\r\n\r\n");
    if (end === -1) {
      if (received.length > maxResponseHead) this.fail(502, "backend_refused", "The API's backend did not complete the WebSocket handshake.", "no end of the response head", false);
      return;
    }
    const head = parseHead(received.toString("latin1", 0, end));
    if (!head) return this.fail(502, "backend_refused", "The API's backend did not complete the WebSocket handshake.", "not an HTTP response", false);
    if (head.status !== 101) {
      return this.fail(502, "backend_refused", `The API's backend refused the connection (HTTP ${head.status}).`, `backend answered ${head.status}`, false);
    }
    const invalid = invalidAnswer(head, this.key, this.request);
    if (invalid) return this.fail(502, "backend_refused", "The API's backend did not complete the WebSocket handshake.", invalid, false);
    // Held until the relay reads it; an error meanwhile shows when it does.
    this.socket.pause();
    this.#settle(
      new BackendConnection({
        socket: this.socket,
        head: received.subarray(end + 4),
        protocol: head.headers.get("sec-websocket-protocol") ?? "",
        extensions: head.headers.get("sec-websocket-extensions") ?? "",
      }),
    );
  }

  fail(status: number, error: string, message: string, detail: string, retryable: boolean): void {
    this.socket.destroy();
    this.#settle({ refusal: refusal(status, error, message), detail, retryable });
  }

  #settle(result: BackendConnection | BackendFailure): void {
    const socket = this.socket;
    if (socket[kAttempt] !== this) return;
    socket[kAttempt] = undefined;
    clearTimeout(this.#timer);
    this.request.signal.onAbort(undefined);
    socket.removeListener("data", onData);
    socket.removeListener("close", onClose);
    // Errors are the relay's to see from now on (or nobody's, on a socket destroyed here).
    socket.removeListener("error", onError);
    socket.on("error", ignore);
    this.#received = undefined;
    this.#resolve(result);
  }
}

/**
 * Lets the gateway give up a backend handshake (the client left, the gateway is stopping):
 * an AbortController's part, without its EventTarget, for one handshake at a time.
 */
export class Abandon {
  reason: string | undefined;
  #attempt: Attempt | undefined;
  #onWaitEnd: (() => void) | undefined;

  get aborted(): boolean {
    return this.reason !== undefined;
  }

  abort(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.#attempt?.fail(503, "gateway_unavailable", "The handshake was abandoned.", reason, false);
    this.#onWaitEnd?.();
  }

  /** @internal The attempt to end on abort(); undefined when it is over. */
  onAbort(attempt: Attempt | undefined): void {
    this.#attempt = attempt;
    if (attempt && this.reason !== undefined) attempt.fail(503, "gateway_unavailable", "The handshake was abandoned.", this.reason, false);
  }

  /** Waits `ms`; false when abandoned first. */
  wait(ms: number): Promise<boolean> {
    if (this.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#onWaitEnd = undefined;
        resolve(true);
      }, ms);
      this.#onWaitEnd = () => {
        clearTimeout(timer);
        this.#onWaitEnd = undefined;
        resolve(false);
      };
    });
  }
}

function attempt(request: BackendRequest): Promise<BackendConnection | BackendFailure> {
  const settings = request.target.endpoint.settings;
  const key = randomKey();
  let socket: Socket;
  let text: string;
  try {
    const url = new URL(request.target.url);
    const secure = url.protocol === "wss:";
    if (!secure && url.protocol !== "ws:") throw new Error(`${url.protocol} is not ws: or wss:`);
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    const port = Number(url.port || (secure ? 443 : 80));
    text = requestOf(request, url, key);
    // SNI names a host, never an address (RFC 6066 §3).
    socket = secure
      ? tlsConnect({ host, port, servername: isIP(host) ? "" : host, rejectUnauthorized: settings.verifyTls })
      : netConnect({ host, port, noDelay: true });
  } catch (e) {
    const failure = refusal(502, "backend_unavailable", "The API's backend URL is not usable.");
    return Promise.resolve({ refusal: failure, detail: (e as Error).message, retryable: false });
  }
  return new Attempt({ request, socket, key, text }).result;
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
    if (!(await request.signal.wait(delayMs))) {
      return { refusal: refusal(503, "gateway_unavailable", "The handshake was abandoned."), detail: "aborted between retries", retryable: false };
    }
    const previous: BackendFailure = result;
    result = await attempt(request);
    if (!(result instanceof BackendConnection)) result.detail = `${result.detail} (attempt ${retry + 1}; before: ${previous.detail})`;
  }
  return result;
}
