// The first stage: is this a WebSocket opening handshake (RFC 6455 §4.2.1) we can route?
// Checked before anything else so a malformed request never reaches a backend.
import { tokenProtocols } from "./authenticate";
import { Refusal, refusal } from "./refuse";
import type { RequestHead } from "./request-head";
import { stage } from "./stage";

export interface UpgradeRequest {
  /** The normalised path: dot segments resolved, percent-encoding kept. */
  path: string;
  /** The raw query without '?', "" when none. */
  query: string;
  /** The subprotocols the client offers, in its order of preference. */
  protocols: string[];
}

const keyPattern = /^[+/0-9A-Za-z]{22}==$/;
// RFC 7230 §3.2.6 token characters: what a subprotocol name may hold.
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function parseSubprotocols(header: string | undefined): string[] | undefined {
  if (header === undefined) return [];
  const names = header.split(",").map((p) => p.trim());
  if (names.some((n) => !tokenPattern.test(n)) || new Set(names).size !== names.length) return undefined;
  return names;
}

const badRequest = (message: string) => refusal(400, "invalid_request", message);

/** RFC 6455 §4.2.2: a version the gateway does not speak is answered 426, naming the one it does. */
export const unsupportedVersion = new Refusal({
  status: 426,
  error: "unsupported_websocket_version",
  message: "This gateway speaks WebSocket version 13 (RFC 6455): send Sec-WebSocket-Version: 13.",
  headers: { "Sec-WebSocket-Version": "13" },
});

/** RFC 6455 §4.2.1's requirements, in its order, each with its own message. */
export function checkUpgrade(req: RequestHead): UpgradeRequest | Refusal {
  if (req.method !== "GET") return refusal(405, "invalid_request", "A WebSocket handshake is a GET request.");
  if (req.httpVersion !== "1.1") return badRequest("A WebSocket handshake needs HTTP/1.1.");
  if (!req.headers.host) return badRequest("The Host header is missing.");
  // What follows the head is read as the client's first frames: a body there is not one.
  const length = req.headers["content-length"];
  if (req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0")) {
    return badRequest("A WebSocket handshake has no body: send neither Content-Length nor Transfer-Encoding.");
  }
  if (req.headers.upgrade?.toLowerCase() !== "websocket") return badRequest("The Upgrade header must be websocket.");
  // The head's reader found Connection's Upgrade token already (request-head.ts).
  if (!req.upgrade) return badRequest("The Connection header must include Upgrade.");
  const key = req.headers["sec-websocket-key"];
  if (key === undefined || !keyPattern.test(key)) return badRequest("The Sec-WebSocket-Key header is missing or is not 16 bytes in base64.");
  if (req.headers["sec-websocket-version"] !== "13") return unsupportedVersion;
  const protocols = parseSubprotocols(req.headers["sec-websocket-protocol"]);
  if (!protocols) return badRequest("The Sec-WebSocket-Protocol header is not a list of distinct subprotocol names.");
  const target = req.url;
  if (!target.startsWith("/")) return badRequest("The request target must be a path.");
  // A fixed origin, so `//host/x` stays a path and `..` segments cannot climb out of an API.
  const url = new URL(`ws://gateway${target}`);
  return { path: url.pathname, query: url.search.slice(1), protocols };
}

/** The upgrade as the stages after this one read it: the offered subprotocols split into the token's and the backend's. */
export interface Upgrade extends UpgradeRequest {
  offered: ReturnType<typeof tokenProtocols>;
}

export const checkUpgradeStage = stage("upgrade", (h: { request: RequestHead }): Upgrade | Refusal => {
  const upgrade = checkUpgrade(h.request);
  if (upgrade instanceof Refusal) return upgrade;
  return { ...upgrade, offered: tokenProtocols(upgrade.protocols) };
});
