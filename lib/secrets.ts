// Passwords and client secrets.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import bcrypt from "bcryptjs";

// People choose guessable passwords: a slow, salted hash.
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, 10);
}

// A hash of a random password nobody kept, at hashPassword's cost (10): what an unknown
// username is compared against. It can match nothing, since verifyPassword then answers false.
export const dummyPasswordHash = "$2b$10$2WwZL0L1uh9EGAl/14eFZuVtUwoAnN6sl1M1vvhzMz7MO46dS31OC";

/**
 * Whether the password matches. With no hash (no such user) it is compared against a dummy
 * hash of the same cost, so an unknown username takes as long to refuse as a wrong password.
 */
export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  if (hash === undefined) {
    await bcrypt.compare(password, dummyPasswordHash);
    return false;
  }
  return bcrypt.compare(password, hash);
}

export function newConsumerKey(): string {
  return randomBytes(16).toString("base64url");
}

export function newConsumerSecret(): string {
  return randomBytes(32).toString("base64url");
}

// A consumer secret is 256 random bits: no dictionary to try, so a slow hash buys nothing
// and would cost every /oauth2/token call. SHA-256, compared in constant time.
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function verifySecret(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
