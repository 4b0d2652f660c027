import { describe, expect, it } from "vitest";
import { securityHeaders, webSocketSource } from "./security-headers";

const base = { nonce: "bm9uY2Utbm9uY2Utbm9uY2U=", https: false, connectSources: ["ws://localhost:9099", "wss://gw.example.com"] };
const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));

describe("the portals' security headers", () => {
  it("let scripts and style elements run by this request's nonce only, never inline, and forbid framing", () => {
    const csp = securityHeaders(base)["Content-Security-Policy"];
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-bm9uY2Utbm9uY2Utbm9uY2U=' 'strict-dynamic'");
    expect(directive(csp, "style-src")).toBe("style-src 'self' 'nonce-bm9uY2Utbm9uY2Utbm9uY2U='");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "connect-src")).toBe("connect-src 'self' ws://localhost:9099 wss://gw.example.com");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("send HSTS and upgrade subresources only over https", () => {
    expect(securityHeaders(base)["Strict-Transport-Security"]).toBeUndefined();
    const https = securityHeaders({ ...base, https: true });
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });

  it("allow inline styles (never scripts) where asked, and eval only in development", () => {
    const csp = securityHeaders({ ...base, inlineStyles: true, dev: true })["Content-Security-Policy"];
    expect(directive(csp, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-bm9uY2Utbm9uY2Utbm9uY2U=' 'strict-dynamic' 'unsafe-eval'");
  });

  it("send the other headers on every response", () => {
    expect(securityHeaders(base)).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "Permissions-Policy": expect.stringContaining("camera=(), geolocation=()"),
    });
  });

  it("name a gateway by scheme, host and port", () => {
    expect(webSocketSource("ws://localhost:9099")).toEqual(["ws://localhost:9099"]);
    expect(webSocketSource("wss://gw.example.com/path")).toEqual(["wss://gw.example.com"]);
    expect(webSocketSource(undefined)).toEqual([]);
    expect(webSocketSource("http://x")).toEqual([]);
  });
});
