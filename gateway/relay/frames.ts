// The few frames the gateway writes itself (RFC 6455 §5): close frames, when it ends a
// connection or answers for a peer that is gone, and the throttling notice. Everything else
// on the wire is the peers' own bytes.
import { isUtf8 } from "node:buffer";
import { Opcode } from "./frame-parser";
import { randomMask } from "./random-pool";

/** Encodes one final frame; `masked` for frames toward a server (§5.3), with a fresh key; `rsv1` for a compressed message (RFC 7692 §6). */
export function encodeFrame(opcode: number, payload: Buffer, masked: boolean, rsv1 = false): Buffer {
  const length = payload.length;
  const lengthBytes = length > 0xffff ? 8 : length > 125 ? 2 : 0;
  const headerLength = 2 + lengthBytes + (masked ? 4 : 0);
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x80 | (rsv1 ? 0x40 : 0) | opcode;
  frame[1] = (masked ? 0x80 : 0) | (lengthBytes === 8 ? 127 : lengthBytes === 2 ? 126 : length);
  if (lengthBytes === 2) frame.writeUInt16BE(length, 2);
  if (lengthBytes === 8) frame.writeBigUInt64BE(BigInt(length), 2);
  if (!masked) {
    payload.copy(frame, headerLength);
    return frame;
  }
  const keyAt = headerLength - 4;
  randomMask(frame, keyAt);
  for (let i = 0; i < length; i++) frame[headerLength + i] = payload[i] ^ frame[keyAt + (i & 3)];
  return frame;
}

export function textFrame(text: string, masked: boolean): Buffer {
  return encodeFrame(Opcode.Text, Buffer.from(text), masked);
}

/** A close frame; 1005 ("no status") is sent as an empty body (§7.4.1: never on the wire). */
export function closeFrame(code: number, reason: string, masked: boolean): Buffer {
  if (code === 1005) return encodeFrame(Opcode.Close, Buffer.alloc(0), masked);
  // §5.5: a control frame's payload is 125 bytes at most, the code's 2 included; cut at a character.
  let text = Buffer.from(reason);
  let keep = Math.min(text.length, 123);
  while (keep > 0 && !isUtf8(text.subarray(0, keep))) keep--;
  text = text.subarray(0, keep);
  const body = Buffer.allocUnsafe(2 + text.length);
  body.writeUInt16BE(code, 0);
  text.copy(body, 2);
  return encodeFrame(Opcode.Close, body, masked);
}

/** §7.4: the codes a peer may send; 1004-1006 and 1015 are reserved, 1016-2999 unassigned. */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

/** An invalid one closes with 1002, or 1007 when its reason is not UTF-8 (RFC 6455 §7.4.1, as `ws` does). */
export type CloseBody = { code: number; reason: string } | { invalid: string; closeCode: 1002 | 1007 };

/** A received close frame's body, unmasked: its code (1005 when empty) and UTF-8 reason (§5.5.1). */
export function parseCloseBody(body: Buffer): CloseBody {
  if (body.length === 0) return { code: 1005, reason: "" };
  const code = body.readUInt16BE(0);
  if (!isSendableCloseCode(code)) return { invalid: `Close code ${code} may not be sent.`, closeCode: 1002 };
  const reason = body.subarray(2);
  if (!isUtf8(reason)) return { invalid: "A close frame's reason must be UTF-8.", closeCode: 1007 };
  return { code, reason: reason.toString() };
}
