// A refused handshake: an HTTP response with a JSON reason on the raw socket, then the
// socket is closed. Every stage of the pipeline returns either its result or a Refusal.
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

export interface RefusalFields {
  status: number;
  /** A stable, machine-readable code: `invalid_token`, `not_subscribed`, … */
  error: string;
  /** A sentence for the developer reading the client's error. */
  message: string;
  /** Sent as Retry-After (RFC 9110 §10.2.3) on a 429 or 503 that will pass later. */
  retryAfterSeconds?: number;
  /** For the gateway's log, never for the client: it may name internal hosts. */
  detail?: string;
  /** Response headers the refusal needs besides the usual ones (a 426's Sec-WebSocket-Version). */
  headers?: Readonly<Record<string, string>>;
}

export class Refusal {
  readonly status: number;
  readonly error: string;
  readonly message: string;
  readonly retryAfterSeconds: number | undefined;
  readonly detail: string | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(fields: RefusalFields) {
    this.status = fields.status;
    this.error = fields.error;
    this.message = fields.message;
    this.retryAfterSeconds = fields.retryAfterSeconds;
    this.detail = fields.detail;
    this.headers = fields.headers;
  }

  /** The same refusal, with what the log should say about it. */
  withDetail(detail: string | undefined): Refusal {
    return detail === undefined ? this : new Refusal({ ...this, detail });
  }
}

export function refusal(status: number, error: string, message: string, retryAfterSeconds?: number): Refusal {
  return new Refusal({ status, error, message, retryAfterSeconds });
}

// RFC 6750 §3: a quoted-string cannot hold '"' or '\'.
function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, "'")}"`;
}

/** RFC 6750 §3.1: a request without credentials gets the challenge without an error code. */
function bearerChallenge(r: Refusal): string {
  if (r.error !== "invalid_token") return `Bearer realm="duplex"`;
  return `Bearer realm="duplex", error="invalid_token", error_description=${quoted(r.message)}`;
}

export function responseOf(r: Refusal): string {
  const body = JSON.stringify({ error: r.error, message: r.message });
  const lines = [
    `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? "Error"}`,
    "Connection: close",
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  if (r.status === 401) lines.push(`WWW-Authenticate: ${bearerChallenge(r)}`);
  // RFC 9110 §15.5.22: a 426 names the protocol to upgrade to.
  if (r.status === 426) lines.push("Upgrade: websocket");
  if (r.retryAfterSeconds !== undefined) lines.push(`Retry-After: ${r.retryAfterSeconds}`);
  if (r.headers) for (const name in r.headers) lines.push(`${name}: ${r.headers[name]}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

/** Writes the refusal and closes the socket; a socket the client already closed is just destroyed. */
export function refuse(socket: Duplex, r: Refusal): void {
  if (socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once("finish", () => socket.destroy());
  socket.end(responseOf(r));
}
