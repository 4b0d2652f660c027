import { describe, expect, it } from "vitest";
import { redact } from "./audit";

describe("redact", () => {
  it("replaces secrets wherever they sit, and keeps look-alike fields readable", () => {
    const out = redact({
      passwordHash: "$2a$10$abc",
      nested: [{ consumerSecret: "s3cr3t", secretHash: "ff00", tokenValiditySeconds: 3600 }],
      accessToken: "eyJ…",
      privateJwk: { d: "private" },
      temporaryPassword: "Temp-123",
      email: null,
    });
    expect(out).toEqual({
      passwordHash: "[redacted]",
      nested: [{ consumerSecret: "[redacted]", secretHash: "[redacted]", tokenValiditySeconds: 3600 }],
      accessToken: "[redacted]",
      privateJwk: "[redacted]",
      temporaryPassword: "[redacted]",
      email: null,
    });
  });

  it("keeps a backend's extra headers by name only: their values are credentials", () => {
    expect(redact({ config: { headers: [{ name: "Authorization", value: "Bearer backend-key" }], verifyTls: true } })).toEqual({
      config: { headers: [{ name: "Authorization", value: "[redacted]" }], verifyTls: true },
    });
  });

  it("writes dates as ISO strings, BigInts as strings, and a long text as its length and hash", () => {
    const long = "x".repeat(5000);
    const out = redact({ at: new Date("2026-01-02T03:04:05.000Z"), bytes: 12n, definition: long, skipped: undefined }) as Record<string, unknown>;
    expect(out.at).toBe("2026-01-02T03:04:05.000Z");
    expect(out.bytes).toBe("12");
    expect(out.definition).toMatchObject({ omitted: "long text", length: 5000 });
    expect((out.definition as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect("skipped" in out).toBe(false);
  });
});
