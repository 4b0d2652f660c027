// The two ends of the opening handshake (RFC 6455 §4) that the gateway does itself, so that
// after it only bytes pass: the 101 answer to the client, and the key check of the backend's.
import { createHash } from "node:crypto";
import type { Socket } from "node:net";

const guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** §4.2.2: Sec-WebSocket-Accept for a Sec-WebSocket-Key. */
export function acceptFor(key: string): string {
  return createHash("sha1").update(key + guid).digest("base64");
}

/**
 * What the gateway offers the backend when the client offers permessage-deflate (RFC 7692):
 * compression without context takeover either way, so that each compressed message inflates
 * on its own and the relay can tell its real size (relay/inflated-size.ts) before passing it
 * on. The client's own parameters are not passed on: the two ends' windows must be the ones the
 * gateway can check. Other extensions are never offered: the relay must know what RSV1 means.
 */
export const deflateOffer = "permessage-deflate; client_no_context_takeover; server_no_context_takeover";

/** The gateway's offer to the backend for the client's Sec-WebSocket-Extensions: `deflateOffer`, or "" when the client offers no compression. */
export function relayableExtensions(offer: string | undefined): string {
  if (!offer) return "";
  return offer.split(",").some((o) => o.split(";")[0].trim().toLowerCase() === "permessage-deflate") ? deflateOffer : "";
}

/** Why an accepted Sec-WebSocket-Extensions answer is not one to `offered`, or undefined when it is. */
export function invalidExtensionAnswer(offered: string, answer: string | undefined): string | undefined {
  if (!answer) return undefined;
  const accepted = answer.split(",").map((e) => e.split(";").map((p) => p.trim().toLowerCase()));
  if (!offered) return "the backend accepted an extension that was not offered";
  if (accepted.length !== 1 || accepted[0][0] !== "permessage-deflate") return `the backend accepted extensions it was not offered: ${answer}`;
  // RFC 7692 §7.1.1.1: a server that accepts server_no_context_takeover says so. Without it, its messages could not be sized one by one.
  if (!accepted[0].includes("server_no_context_takeover")) return "the backend accepted permessage-deflate without server_no_context_takeover, which the gateway asked for";
  return undefined;
}

/**
 * The backend's accepted permessage-deflate as the client is answered: with client_no_context_takeover
 * (RFC 7692 §7.1.1.2 lets a server require it), since the client's messages are sized one by one too.
 */
export function clientExtensionAnswer(backendAnswer: string): string {
  if (!backendAnswer || /(^|;)\s*client_no_context_takeover\s*(;|$)/i.test(backendAnswer)) return backendAnswer;
  return `${backendAnswer}; client_no_context_takeover`;
}

/**
 * Answers the client's upgrade with 101 (§4.2.2), the chosen subprotocol and the extensions the
 * backend accepted (as clientExtensionAnswer words them). False when the client is gone already
 * (nothing is written then).
 */
export function answerUpgrade(socket: Socket, key: string, protocol: string, backendExtensions: string): boolean {
  if (!socket.readable || !socket.writable || socket.destroyed) return false;
  let response = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n`;
  if (protocol) response += `Sec-WebSocket-Protocol: ${protocol}\r\n`;
  if (backendExtensions) response += `Sec-WebSocket-Extensions: ${clientExtensionAnswer(backendExtensions)}\r\n`;
  socket.write(`${response}\r\n`);
  return true;
}
