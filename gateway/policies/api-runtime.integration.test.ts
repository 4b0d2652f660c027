// Publisher → API → Runtime at the gateway, on real sockets: the allowed origins (exact and
// *.domain patterns, a handshake without an Origin allowed or not), the client address allow
// and deny lists (IPv4 and IPv6, X-Forwarded-For honoured from trusted proxies only), and a
// change closing the open connections it no longer admits.
import { describe, expect, it } from "vitest";
import { updateApiRuntime } from "../../lib/api-runtime";
import { parseIpRangeList } from "../../lib/ip-ranges";
import { closed, gatewayWithBackend, handshakeResult, openOk, servedApi, setRuntime, testGateway } from "../testing/harness";

// Trusting the loopback proxy: the tests name the client's address in X-Forwarded-For.
const loopback = parseIpRangeList("127.0.0.1");
const { gateway, backend } = gatewayWithBackend({ redisUrl: "", trustedProxies: loopback.ok ? loopback.ranges : [] });

describe("allowed origins", () => {
  it("admits the listed origins and *.domain patterns, refuses others with 403 origin_not_allowed, and a missing Origin as set", async () => {
    const served = await servedApi(gateway, backend.url);
    await setRuntime(gateway, served, { allowedOrigins: ["https://app.example.com", "https://*.example.org"], allowNoOrigin: false });
    const withOrigin = (origin: string) => handshakeResult(served.url, { token: served.token, headers: { Origin: origin } });
    expect(await withOrigin("https://app.example.com")).toBe("opened");
    expect(await withOrigin("https://APP.example.com:443")).toBe("opened");
    expect(await withOrigin("https://eu.chat.example.org")).toBe("opened");
    for (const other of ["https://evil.example", "http://app.example.com", "https://example.org", "https://app.example.com:8443", "null"]) {
      expect(await withOrigin(other)).toEqual({ status: 403, error: "origin_not_allowed", message: "This API does not accept connections from pages of this origin." });
    }
    expect(await handshakeResult(served.url, { token: served.token })).toEqual({
      status: 403,
      error: "origin_not_allowed",
      message: "This API accepts browser connections only: the handshake has no Origin header.",
    });

    await setRuntime(gateway, served, { allowedOrigins: ["https://app.example.com"], allowNoOrigin: true });
    expect(await handshakeResult(served.url, { token: served.token })).toBe("opened");
  });

  it("refuses before the token is looked at: a bad token from a refused origin is told about the origin", async () => {
    const served = await servedApi(gateway, backend.url);
    await setRuntime(gateway, served, { allowedOrigins: ["https://app.example.com"] });
    expect(await handshakeResult(served.url, { token: "not-a-token", headers: { Origin: "https://evil.example" } })).toMatchObject({ status: 403, error: "origin_not_allowed" });
  });
});

describe("client addresses", () => {
  it("refuses a denied address with 403 ip_not_allowed, and admits only the allow list when there is one (IPv4 and IPv6)", async () => {
    const served = await servedApi(gateway, backend.url);
    const from = (address: string) => handshakeResult(served.url, { token: served.token, headers: { "X-Forwarded-For": address } });
    await setRuntime(gateway, served, { ipAllow: ["203.0.113.0/24", "2001:db8::/32"], ipDeny: ["203.0.113.66"] });
    expect(await from("203.0.113.9")).toBe("opened");
    expect(await from("2001:db8::5")).toBe("opened");
    const notAllowed = { status: 403, error: "ip_not_allowed", message: "This API does not accept connections from this client address." };
    expect(await from("203.0.113.66")).toEqual(notAllowed);
    expect(await from("198.51.100.1")).toEqual(notAllowed);
    expect(await from("2001:db9::1")).toEqual(notAllowed);
    // Without X-Forwarded-For, the client is the socket's peer: 127.0.0.1, not in the list.
    expect(await handshakeResult(served.url, { token: served.token })).toEqual(notAllowed);
  });

  it("does not take X-Forwarded-For from a client that is not a trusted proxy", async () => {
    const untrusting = await testGateway({ redisUrl: "" });
    const served = await servedApi(untrusting, backend.url);
    await updateApiRuntime(served.admin, served.api.id, { ipAllow: ["203.0.113.0/24"] });
    await untrusting.store.until((s) => s.routes.get(served.path)?.runtime.ipAllow.length === 1);
    expect(await handshakeResult(served.url, { token: served.token, headers: { "X-Forwarded-For": "203.0.113.9" } })).toMatchObject({ status: 403, error: "ip_not_allowed" });
    await untrusting.close();
  });
});

describe("open connections", () => {
  it("closes with 1008 the connections a new deny list or origin list no longer admits, and leaves the others open", async () => {
    const served = await servedApi(gateway, backend.url);
    const denied = await openOk(served.url, { token: served.token, headers: { "X-Forwarded-For": "198.51.100.7" } });
    const kept = await openOk(served.url, { token: served.token, headers: { "X-Forwarded-For": "198.51.100.8", Origin: "https://app.example.com" } });
    const deniedClosed = closed(denied);
    await setRuntime(gateway, served, { ipDeny: ["198.51.100.7"] });
    expect(await deniedClosed).toEqual({ code: 1008, reason: "The API no longer accepts connections from this client address." });

    const browser = await openOk(served.url, { token: served.token, headers: { "X-Forwarded-For": "198.51.100.9", Origin: "https://old.example.com" } });
    const browserClosed = closed(browser);
    await setRuntime(gateway, served, { ipDeny: ["198.51.100.7"], allowedOrigins: ["https://app.example.com"] });
    expect(await browserClosed).toEqual({ code: 1008, reason: "The API no longer accepts connections from this origin." });
    expect(kept.readyState).toBe(kept.OPEN);
    kept.close();
  });
});
