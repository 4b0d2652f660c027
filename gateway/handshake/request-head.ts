// The opening handshake's request head (RFC 9112 §2-§5), read off a new connection by the
// gateway itself rather than by node:http: a handshake is one GET with no body, and
// http.Server's parser, IncomingMessage and per-connection bookkeeping cost 20-27 µs of CPU
// per handshake on the bench machine (a bare upgrade server, 30,000 handshakes: 160-170 µs
// through http.Server, 143 µs reading the head itself).
//
// What node:http would do, it does: a head over 16 KiB gets 431, a head not finished in
// 60 s gets 408, a malformed one 400; repeated headers are joined with ", " except the
// ones node:http keeps the first of (Authorization among them); a request that does not
// ask to upgrade is answered by the caller's 426.
import { METHODS, type IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import { Refusal, refusal, refuse } from "./refuse";

export interface RequestHead {
  method: string;
  /** The request target as sent: origin-form, query included. */
  url: string;
  /** Names lower-cased, as node:http's IncomingMessage.headers. */
  headers: IncomingHttpHeaders;
  /** Connection: upgrade with an Upgrade header (RFC 9110 §7.8). */
  upgrade: boolean;
  /** From the request line: a WebSocket handshake needs 1.1 (RFC 6455 §4.2.1). */
  httpVersion: "1.0" | "1.1";
}

/** node:http's maxHeaderSize. */
export const maxHeadBytes = 16 * 1024;
/** node:http's headersTimeout. */
export const headTimeoutMs = 60_000;

// node:http keeps the first of these when they repeat (IncomingMessage's matchKnownFields).
const firstWins = new Set([
  "age",
  "authorization",
  "content-length",
  "content-type",
  "etag",
  "expires",
  "from",
  "host",
  "if-modified-since",
  "if-unmodified-since",
  "last-modified",
  "location",
  "max-forwards",
  "proxy-authorization",
  "referer",
  "retry-after",
  "server",
  "user-agent",
]);
// RFC 9110 §5.6.2 tchar, for header names and the method.
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// The target in visible ASCII (RFC 3986 leaves the rest to percent-encoding).
const requestLine = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([\x21-\x7e]+) HTTP\/1\.([01])$/;
// Field values: visible characters, spaces and tabs (RFC 9110 §5.5); no CR, LF or NUL.
const fieldValue = /^[\t\x20-\x7e\x80-\xff]*$/;

const malformed = (message: string) => refusal(400, "invalid_request", message);
// The methods node:http's parser knows; it answers 400 to any other, and so does the gateway.
const knownMethods = new Set(METHODS);

/** Parses the head's text (up to, not including, the blank line). */
export function parseRequestHead(text: string): RequestHead | Refusal {
  const lines = text.split("\r\n");
  const line = requestLine.exec(lines[0]);
  if (!line) return malformed("The request line is not an HTTP/1.1 request line.");
  if (!knownMethods.has(line[1])) return malformed(`${line[1]} is not an HTTP method.`);
  // No prototype: a header named __proto__ or constructor is a header like any other.
  const headers: Record<string, string | string[]> = Object.create(null);
  for (let i = 1; i < lines.length; i++) {
    const field = lines[i];
    const colon = field.indexOf(":");
    // RFC 9112 §5.1: no whitespace before the colon; §5.2: obsolete line folding is refused.
    const name = colon > 0 ? field.slice(0, colon) : "";
    if (!token.test(name)) return malformed("A header line is not a field name, a colon and a value.");
    // RFC 9110 §5.5: the whitespace around a value is spaces and tabs; a CR left there is refused below, as llhttp does.
    const value = field.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
    if (!fieldValue.test(value)) return malformed(`The ${name} header holds characters a field value cannot.`);
    const key = name.toLowerCase();
    const before = headers[key];
    // RFC 9112 §6.3: two lengths are a request read two ways (smuggling); node:http refuses them too.
    if (before !== undefined && key === "content-length") return malformed("The Content-Length header is sent twice.");
    if (before === undefined) headers[key] = key === "set-cookie" ? [value] : value;
    else if (key === "set-cookie") (before as string[]).push(value);
    else if (!firstWins.has(key)) headers[key] = `${before}${key === "cookie" ? "; " : ", "}${value}`;
  }
  // RFC 9110 §8.6: a length is digits (node:http refuses anything else); whether a handshake may have a body is check-upgrade's.
  const length = headers["content-length"];
  if (length !== undefined && !/^\d+$/.test(length as string)) return malformed("The Content-Length header is not a number.");
  const connection = typeof headers.connection === "string" ? headers.connection.toLowerCase() : "";
  const upgrade = headers.upgrade !== undefined && connection.split(",").some((t) => t.trim() === "upgrade");
  return { method: line[1], url: line[2], headers, upgrade, httpVersion: line[3] === "1" ? "1.1" : "1.0" };
}

type Reading = Socket & { [kHead]?: HeadReader };
const kHead = Symbol("duplex.requestHead");

/** What a connection is told once its head is in. */
export type OnRequest = (head: RequestHead, socket: Socket, rest: Buffer) => void;

// Listeners shared by every connection (its reader is found on the socket).
function onData(this: Reading, chunk: Buffer) {
  this[kHead]?.data(chunk);
}
function onClose(this: Reading) {
  this[kHead]?.done();
}
function onTimeout(reader: HeadReader) {
  reader.refuse(refusal(408, "request_timeout", "The request head did not arrive in time."));
}

const CR = 0x0d;
const LF = 0x0a;
const endOfHead = [CR, LF, CR, LF];

/**
 * Where CR LF CR LF starts when it begins in `tail` (the last bytes received before `chunk`,
 * oldest first) and ends in `chunk`: an offset from the chunk's start, below 0; 0 when it does not.
 */
function endAcross(tail: number[], chunk: Buffer): number {
  for (let start = -tail.length; start < 0; start++) {
    let i = 0;
    for (; i < 4; i++) {
      const at = start + i;
      if (at >= chunk.length) break;
      if ((at < 0 ? tail[tail.length + at] : chunk[at]) !== endOfHead[i]) break;
    }
    if (i === 4) return start;
  }
  return 0;
}

class HeadReader {
  // The chunks received so far when the head spans several, and their length: copied once,
  // when the head is complete, and each byte searched once for its end (a head sent a byte
  // at a time would cost its length squared if each chunk were appended to a copy).
  #chunks: Buffer[] | undefined;
  #length = 0;
  /** The last three bytes received, for an end of head split across chunks. */
  readonly #tail: number[] = [];
  readonly #timer: NodeJS.Timeout;

  private readonly socket: Reading;
  private readonly onRequest: OnRequest;
  private readonly pending: Set<Socket>;

  constructor(options: { socket: Socket; onRequest: OnRequest; pending: Set<Socket>; timeoutMs: number }) {
    const socket = options.socket as Reading;
    this.socket = socket;
    this.onRequest = options.onRequest;
    this.pending = options.pending;
    socket[kHead] = this;
    this.pending.add(socket);
    this.#timer = setTimeout(onTimeout, options.timeoutMs, this);
    socket.on("data", onData);
    socket.on("close", onClose);
  }

  data(chunk: Buffer): void {
    const before = this.#length;
    // Where the head ends in all that was received: across the boundary, or in this chunk.
    let end = before > 0 ? endAcross(this.#tail, chunk) : 0;
    if (end < 0) end += before;
    else {
      end = chunk.indexOf("\r\n\r\n");
      if (end !== -1) end += before;
    }
    this.#length = before + chunk.length;
    if (end === -1 || end > maxHeadBytes) {
      if (this.#length > maxHeadBytes) return this.refuse(refusal(431, "request_header_fields_too_large", `The request head is over ${maxHeadBytes} bytes.`));
      this.#keep(chunk);
      return;
    }
    let received = chunk;
    if (before > 0) {
      this.#chunks!.push(chunk);
      received = Buffer.concat(this.#chunks!, this.#length);
    }
    const head = parseRequestHead(received.toString("latin1", 0, end));
    if (head instanceof Refusal) return this.refuse(head);
    const socket = this.socket;
    // Held until whoever takes the connection reads it.
    socket.pause();
    this.done();
    this.onRequest(head, socket, received.subarray(end + 4));
  }

  #keep(chunk: Buffer): void {
    (this.#chunks ??= []).push(chunk);
    const tail = this.#tail;
    for (let i = Math.max(0, chunk.length - 3); i < chunk.length; i++) {
      tail.push(chunk[i]);
      if (tail.length > 3) tail.shift();
    }
  }

  refuse(r: Refusal): void {
    this.done();
    refuse(this.socket, r);
  }

  /** The head is in, refused, or the connection closed: stop reading it. */
  done(): void {
    const socket = this.socket;
    if (socket[kHead] !== this) return;
    socket[kHead] = undefined;
    clearTimeout(this.#timer);
    socket.removeListener("data", onData);
    socket.removeListener("close", onClose);
    this.pending.delete(socket);
    this.#chunks = undefined;
  }
}

/**
 * Reads the request head off each new connection and hands it on; a connection still
 * reading its head is in `pending` (for a gateway that stops to drop).
 */
export function readRequestHead(socket: Socket, onRequest: OnRequest, pending: Set<Socket>, timeoutMs = headTimeoutMs): void {
  new HeadReader({ socket, onRequest, pending, timeoutMs });
}
