// API keys at the gateway (WSO2's, for WebSocket APIs since 4.3): on an API whose security
// allows them, a key sent as the apikey header, query parameter or duplex.apikey subprotocol
// admits its application as a token would; the backend sees none of it. Unknown, revoked and
// expired keys are refused, and so is a key used where its own limits (client addresses,
// origins) or the API's security do not allow it; revoking a key closes its connections.
import { describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey, type CreateApiKeyInput } from "../../lib/api-keys";
import { apiKeyHash } from "../../lib/api-key-hash";
import { parseIpRangeList } from "../../lib/ip-ranges";
import { changeConfig, closed, gatewayWithBackend, handshakeResult, openOk, roundTrip, servedApi, setRuntime } from "../testing/harness";

// Trusting the loopback proxy: the tests name the client's address in X-Forwarded-For.
const loopback = parseIpRangeList("127.0.0.1");
const { gateway, backend } = gatewayWithBackend({ redisUrl: "", trustedProxies: loopback.ok ? loopback.ranges : [] });

type Served = Awaited<ReturnType<typeof servedApi>>;

async function keyFor(served: Served, options: Partial<CreateApiKeyInput> = {}) {
  const created = await createApiKey(served.user, { applicationId: served.app.id, keyType: "PRODUCTION", name: "test", ...options });
  await gateway.store.until((s) => s.apiKeyIds.has(created.apiKey.id));
  return created;
}

describe("API keys", () => {
  it("admits a key sent in each of its three forms, and the backend sees neither the key nor its parameter", async () => {
    const served = await servedApi(gateway, backend.url);
    await setRuntime(gateway, served, { authentication: "both" });
    const { key } = await keyFor(served);

    const byHeader = await openOk(served.url, { headers: { apikey: key } });
    expect((await roundTrip(byHeader, "header")).data.toString()).toBe("header");
    expect(backend.requests.at(-1)!.headers.apikey).toBeUndefined();
    byHeader.close();

    const byQuery = await openOk(`${served.url}?apikey=${encodeURIComponent(key)}&room=7`);
    expect(backend.requests.at(-1)!.url).toBe("/?room=7");
    byQuery.close();

    const byProtocol = await openOk(served.url, { protocols: ["duplex.apikey", `duplex.apikey.${key}`] });
    expect(byProtocol.protocol).toBe("duplex.apikey");
    expect(backend.requests.at(-1)!.headers["sec-websocket-protocol"]).toBeUndefined();
    byProtocol.close();

    // Still a token works on an API that takes both.
    expect(await handshakeResult(served.url, { token: served.token })).toBe("opened");
  });

  it("refuses an API key where the API takes OAuth2 only, a token where it takes API keys only, and both at once", async () => {
    const served = await servedApi(gateway, backend.url);
    const { key } = await keyFor(served);
    expect(await handshakeResult(served.url, { headers: { apikey: key } })).toEqual({
      status: 401,
      error: "invalid_request",
      message: "This API does not accept API keys: send an OAuth2 access token (Authorization: Bearer <token>).",
    });
    await setRuntime(gateway, served, { authentication: "apiKey" });
    expect(await handshakeResult(served.url, { token: served.token })).toEqual({
      status: 401,
      error: "invalid_request",
      message: "This API accepts API keys only: send the apikey header, the apikey query parameter or the duplex.apikey subprotocol.",
    });
    expect(await handshakeResult(served.url, { token: served.token, headers: { apikey: key } })).toMatchObject({ status: 400, error: "invalid_request" });
    expect(await handshakeResult(`${served.url}?apikey=${key}`, { headers: { apikey: key } })).toMatchObject({ status: 400, error: "invalid_request" });
    expect(await handshakeResult(served.url, { headers: { apikey: key } })).toBe("opened");
  });

  it("refuses an unknown key with 401 invalid_token, and closes a connection when its key expires", async () => {
    const served = await servedApi(gateway, backend.url);
    await setRuntime(gateway, served, { authentication: "apiKey" });
    const invalid = { status: 401, error: "invalid_token", message: "The API key is not valid: it is unknown, revoked or expired." };
    expect(await handshakeResult(served.url, { headers: { apikey: "dpx_not-a-key" } })).toEqual(invalid);
    const { key, apiKey } = await keyFor(served, { validityDays: 1 });
    // The key now expires in three seconds: a connection opened before then is closed when it does.
    const expiresAt = new Date(Date.now() + 3000);
    await changeConfig("api-key", (tx) => tx.apiKey.update({ where: { id: apiKey.id }, data: { expiresAt } }));
    await gateway.store.until((s) => s.apiKeys.get(apiKeyHash(key))?.exp === Math.floor(expiresAt.getTime() / 1000));
    const ws = await openOk(served.url, { headers: { apikey: key } });
    expect(await closed(ws)).toEqual({ code: 1008, reason: "The API key has expired." });
    expect(await handshakeResult(served.url, { headers: { apikey: key } })).toEqual(invalid);
  });

  it("holds a key to its client addresses and page origins: 403 api_key_not_allowed elsewhere", async () => {
    const served = await servedApi(gateway, backend.url);
    await setRuntime(gateway, served, { authentication: "apiKey" });
    const { key } = await keyFor(served, { allowedIps: ["203.0.113.0/24"], allowedOrigins: ["https://app.example.com"] });
    const from = (address: string, origin?: string) => handshakeResult(served.url, { headers: { apikey: key, "X-Forwarded-For": address, ...(origin ? { Origin: origin } : {}) } });
    expect(await from("203.0.113.5", "https://app.example.com")).toBe("opened");
    expect(await from("198.51.100.5", "https://app.example.com")).toEqual({ status: 403, error: "api_key_not_allowed", message: "This API key may not be used from this client address." });
    expect(await from("203.0.113.5", "https://evil.example")).toEqual({ status: 403, error: "api_key_not_allowed", message: "This API key may not be used from pages of this origin." });
    expect(await from("203.0.113.5")).toMatchObject({ status: 403, error: "api_key_not_allowed" });
  });

  it("closes a revoked key's connections with 1008 and refuses it afterwards; another key of the application stays open", async () => {
    const served = await servedApi(gateway, backend.url);
    await setRuntime(gateway, served, { authentication: "apiKey" });
    const revoked = await keyFor(served, { name: "revoked" });
    const kept = await keyFor(served, { name: "kept" });
    const onRevoked = await openOk(served.url, { headers: { apikey: revoked.key } });
    const onKept = await openOk(served.url, { headers: { apikey: kept.key } });
    const closing = closed(onRevoked);
    await revokeApiKey(served.user, revoked.apiKey.id);
    expect(await closing).toEqual({ code: 1008, reason: "The API key has been revoked." });
    expect(await handshakeResult(served.url, { headers: { apikey: revoked.key } })).toMatchObject({ status: 401, error: "invalid_token" });
    expect((await roundTrip(onKept, "still")).data.toString()).toBe("still");
    onKept.close();
  });
});
