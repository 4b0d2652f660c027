import { describe, expect, it } from "vitest";
import { addressAllowed, compileRuntime, normaliseOrigin, originAllowed, ZApiRuntime } from "./api-runtime";

const policy = (settings: Parameters<typeof ZApiRuntime.parse>[0]) => compileRuntime(ZApiRuntime.parse(settings));

describe("ZApiRuntime", () => {
  it("writes origins and ranges one way, folding duplicates", () => {
    expect(ZApiRuntime.parse({ allowedOrigins: ["HTTPS://App.Example.com:443/", "https://app.example.com"], ipDeny: ["10.0.0.0/8", " 10.0.0.0/8 ", "::ffff:192.0.2.7"] })).toEqual({
      allowedOrigins: ["https://app.example.com"],
      allowNoOrigin: true,
      ipAllow: [],
      ipDeny: ["10.0.0.0/8", "192.0.2.7"],
      wrongDirection: "drop",
      authentication: "oauth2",
    });
  });

  it("names the value that is not an origin or a range", () => {
    const r = ZApiRuntime.safeParse({ allowedOrigins: ["app.example.com"], ipAllow: ["10.0.0.1/8"] });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => [i.path[0], i.message]);
    expect(messages[0]).toEqual(["allowedOrigins", expect.stringContaining("app.example.com is not an origin")]);
    expect(messages[1]).toEqual(["ipAllow", expect.stringContaining("10.0.0.1/8")]);
    for (const bad of ["https://*", "https://a.*.com", "ftp://a.com", "https://a.com/path", "https://a.com:99999999"]) {
      expect(ZApiRuntime.safeParse({ allowedOrigins: [bad] }).success, bad).toBe(false);
    }
  });
});

describe("originAllowed", () => {
  const p = policy({ allowedOrigins: ["https://app.example.com", "https://*.example.org", "http://localhost:3000"], allowNoOrigin: false });

  it("admits exact origins, whatever their case or default port, and subdomains of a pattern at any depth", () => {
    for (const o of ["https://app.example.com", "https://APP.EXAMPLE.COM", "https://app.example.com:443", "https://a.example.org", "https://a.b.example.org", "http://localhost:3000"]) {
      expect(originAllowed(p, o), o).toBe(true);
    }
  });

  it("refuses another scheme, port or host, the pattern's own domain, look-alikes, null, and no Origin when so set", () => {
    for (const o of ["http://app.example.com", "https://app.example.com:8443", "https://example.org", "https://evilexample.org", "https://example.org.evil.com", "http://a.example.org", "null", "http://localhost:3001"]) {
      expect(originAllowed(p, o), o).toBe(false);
    }
    expect(originAllowed(p, undefined)).toBe(false);
    expect(originAllowed(policy({}), undefined)).toBe(true);
    expect(originAllowed(policy({}), "https://anything.example")).toBe(true);
  });

  it("agrees with a plain reading of the pattern on generated hosts (fuzz)", () => {
    // A seeded generator: the same hosts on every run, so a failure can be replayed.
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const labels = ["a", "example", "org", "com", "ex-ample", "x1", "exampleorg", "o"];
    const wild = policy({ allowedOrigins: ["https://*.example.org"] });
    for (let i = 0; i < 2000; i++) {
      const host = Array.from({ length: 1 + (next() % 4) }, () => labels[next() % labels.length]).join(".");
      const scheme = next() % 4 === 0 ? "http" : "https";
      const expected = scheme === "https" && host.endsWith(".example.org") && host !== "example.org";
      expect(originAllowed(wild, `${scheme}://${host}`), `${scheme}://${host}`).toBe(expected);
    }
  });
});

describe("addressAllowed", () => {
  it("refuses what the deny list holds even when the allow list holds it too, and IPv4 inside IPv6 as IPv4", () => {
    const p = policy({ ipAllow: ["192.0.2.0/24", "2001:db8::/32"], ipDeny: ["192.0.2.66"] });
    expect(addressAllowed(p, "192.0.2.7")).toBe(true);
    expect(addressAllowed(p, "::ffff:192.0.2.7")).toBe(true);
    expect(addressAllowed(p, "2001:db8:1::1")).toBe(true);
    expect(addressAllowed(p, "192.0.2.66")).toBe(false);
    expect(addressAllowed(p, "198.51.100.1")).toBe(false);
    expect(addressAllowed(p, "not an address")).toBe(false);
    expect(addressAllowed(policy({ ipDeny: ["10.0.0.0/8"] }), "192.0.2.7")).toBe(true);
  });

  it("normalises origins as RFC 6454 serialises them", () => {
    expect(normaliseOrigin(" HTTP://Example.com:80/ ")).toBe("http://example.com");
    expect(normaliseOrigin("https://example.com:8443")).toBe("https://example.com:8443");
  });
});
