// Random bytes for handshake keys and masking keys (RFC 6455 §4.1, §5.3), drawn from a pool
// the CSPRNG refills 8 KiB at a time: one call into the crypto library per few hundred
// connections instead of one per key, as websockets/ws does for its masks.
import { randomFillSync } from "node:crypto";

const pool = Buffer.allocUnsafe(8192);
let at = pool.length;

function take(n: number): number {
  if (at + n > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const start = at;
  at += n;
  return start;
}

/** A fresh Sec-WebSocket-Key: 16 random bytes, base64 (§4.1). */
export function randomKey(): string {
  const start = take(16);
  return pool.toString("base64", start, start + 16);
}

/** Copies 4 random bytes (a masking key) into `into` at `offset`. */
export function randomMask(into: Buffer, offset: number): void {
  const start = take(4);
  pool.copy(into, offset, start, start + 4);
}
