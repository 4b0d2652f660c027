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
 * The client's Sec-WebSocket-Extensions offers that the gateway can relay without reading
 * payloads: permessage-deflate only (RFC 7692), since the relay must know what RSV1 means.
 * "" when there is none.
 */
export function relayableExtensions(offer: string | undefined): string {
  if (!offer || !offer.toLowerCase().includes("permessage-deflate")) return "";
  return offer
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o.split(";")[0].trim().toLowerCase() === "permessage-deflate")
    .join(", ");
}

/** Why an accepted Sec-WebSocket-Extensions answer is not one to `offered`, or undefined when it is. */
export function invalidExtensionAnswer(offered: string, answer: string | undefined): string | undefined {
  if (!answer) return undefined;
  const accepted = answer.split(",").map((e) => e.split(";")[0].trim().toLowerCase());
  if (!offered) return "the backend accepted an extension that was not offered";
  if (accepted.length !== 1 || accepted[0] !== "permessage-deflate") return `the backend accepted extensions it was not offered: ${answer}`;
  return undefined;
}

/**
 * Answers the client's upgrade with 101 (§4.2.2), the chosen subprotocol and the accepted
 * extensions. False when the client is gone already (nothing is written then).
 */
export function answerUpgrade(socket: Socket, key: string, protocol: string, extensions: string): boolean {
  if (!socket.readable || !socket.writable || socket.destroyed) return false;
  let response = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n`;
  if (protocol) response += `Sec-WebSocket-Protocol: ${protocol}\r\n`;
  if (extensions) response += `Sec-WebSocket-Extensions: ${extensions}\r\n`;
  socket.write(`${response}\r\n`);
  return true;
}
