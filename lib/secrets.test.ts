import { describe, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { dummyPasswordHash, hashPassword, hashSecret, newConsumerKey, newConsumerSecret, verifyPassword, verifySecret } from "./secrets";

describe("client secrets", () => {
  it("verifies a secret against its hash", () => {
    const secret = newConsumerSecret();
    expect(verifySecret(secret, hashSecret(secret))).toBe(true);
  });

  it("refuses another secret", () => {
    expect(verifySecret(newConsumerSecret(), hashSecret(newConsumerSecret()))).toBe(false);
  });

  it("refuses a secret that differs in one character", () => {
    const secret = newConsumerSecret();
    const changed = (secret[0] === "a" ? "b" : "a") + secret.slice(1);
    expect(verifySecret(changed, hashSecret(secret))).toBe(false);
  });

  it("refuses against a malformed hash instead of throwing", () => {
    expect(verifySecret("x", "")).toBe(false);
    expect(verifySecret("x", "not hex")).toBe(false);
  });

  it("hashes deterministically, and the hash is not the secret", () => {
    const secret = newConsumerSecret();
    expect(hashSecret(secret)).toBe(hashSecret(secret));
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toContain(secret);
  });

  it("makes URL-safe keys and 256-bit secrets, different each time", () => {
    expect(newConsumerKey()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newConsumerSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newConsumerSecret()).not.toBe(newConsumerSecret());
  });
});

describe("passwords", () => {
  it("verifies the right password only", async () => {
    const hash = await hashPassword("correct horse");
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("wrong horse", hash)).toBe(false);
  });

  it("refuses every password of an unknown user after comparing it with a dummy hash as costly as a real one", async () => {
    expect(await verifyPassword("admin", undefined)).toBe(false);
    expect(await verifyPassword("", undefined)).toBe(false);
    expect(bcrypt.getRounds(dummyPasswordHash)).toBe(bcrypt.getRounds(await hashPassword("any")));
  });
});
