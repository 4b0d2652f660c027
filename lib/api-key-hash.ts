// The stored form of an API key (lib/api-keys.ts), and what the gateway looks a key up by.
import { createHash } from "node:crypto";

/** Its SHA-256, in hex. A key has 256 random bits: no salt or slow hash is needed. */
export function apiKeyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
