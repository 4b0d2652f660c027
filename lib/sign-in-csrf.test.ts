import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { csrfCookieName, signInCsrf } from "./sign-in-csrf";

describe("signInCsrf", () => {
  it("makes the pair next-auth checks: the cookie is the token and sha256(token + secret)", () => {
    const { token, cookie } = signInCsrf(undefined, "the-secret");
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie).toBe(`${token}|${createHash("sha256").update(`${token}the-secret`).digest("hex")}`);
  });

  it("keeps a valid cookie's token, and sets no new cookie", () => {
    const first = signInCsrf(undefined, "the-secret");
    expect(signInCsrf(first.cookie, "the-secret")).toEqual({ token: first.token });
  });

  it("replaces a cookie made with another secret, a forged one and a malformed one", () => {
    const other = signInCsrf(undefined, "another-secret");
    for (const value of [other.cookie, `${"a".repeat(64)}|${"b".repeat(64)}`, "no-bar", "|", ""]) {
      const { token, cookie } = signInCsrf(value, "the-secret");
      expect(cookie).toBeDefined();
      expect(token).not.toBe(other.token);
    }
  });

  it("names the cookie as next-auth does, __Host- prefixed on https", () => {
    expect(csrfCookieName(false)).toBe("next-auth.csrf-token");
    expect(csrfCookieName(true)).toBe("__Host-next-auth.csrf-token");
  });
});
