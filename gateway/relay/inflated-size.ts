// What a compressed message really weighs (permessage-deflate, RFC 7692 §7.2.2): a message of a
// few KiB can inflate to gigabytes on the side that reads it, and maxMessageBytes is meant for
// what the application gets. The gateway negotiates no context takeover either way
// (relay/opening-handshake.ts), so a message inflates on its own, and zlib stops at the bound:
// what it inflates is thrown away, never more than `max` bytes of it.
import { constants, inflateRawSync } from "node:zlib";

// §7.2.2: the sender removed this empty stored block's tail; the reader appends it again.
const tail = Buffer.from([0x00, 0x00, 0xff, 0xff]);

export type InflatedSize = "within" | "too-big" | "invalid";

/** Whether `payload` (a whole message's compressed bytes, unmasked, with 4 spare bytes at its end) inflates to at most `max` bytes. */
export function inflatedSize(payload: Buffer, max: number): InflatedSize {
  tail.copy(payload, payload.length - 4);
  try {
    // Z_SYNC_FLUSH: a message ends at a flush, not with zlib's final block.
    inflateRawSync(payload, { maxOutputLength: max, finishFlush: constants.Z_SYNC_FLUSH });
    return "within";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? "too-big" : "invalid";
  }
}
