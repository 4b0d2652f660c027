// The backend learns who is calling from X-JWT-Assertion, a JWT it verifies with the keys the
// portal publishes at /oauth2/jwks.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { config } from "../../lib/config";
import { publicJwks } from "../../lib/tokens";
import { open, openOk, servedApi, gatewayWithBackend } from "../testing/harness";
import { callerAssertionSeconds, callerAssertionType } from "./caller-assertion";

const { gateway, backend } = gatewayWithBackend();

describe("X-JWT-Assertion", () => {
  it("tells the backend the application, subscriber, key type and API in a JWT that verifies against /oauth2/jwks", async () => {
    const served = await servedApi(gateway, backend.url);
    // A client cannot pass its own: the gateway's replaces it.
    const ws = await openOk(served.url, { token: served.token, headers: { "X-JWT-Assertion": "forged" } });
    const header = backend.requests.at(-1)!.headers["x-jwt-assertion"];
    expect(typeof header).toBe("string");
    const { payload, protectedHeader } = await jwtVerify(header as string, createLocalJWKSet(await publicJwks()), {
      issuer: config().TOKEN_ISSUER,
      audience: served.api.id,
      typ: callerAssertionType,
      algorithms: ["ES256"],
    });
    // A key of its own, not the one that signs access tokens, and published beside it.
    expect(protectedHeader.kid).not.toBe(decodeProtectedHeader(served.token).kid);
    expect((await publicJwks()).keys.find((k) => k.kid === protectedHeader.kid)).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(payload).toMatchObject({
      sub: served.user.username,
      subscriber: served.user.username,
      application: { id: served.app.id, name: served.app.name },
      keytype: "PRODUCTION",
      api: { id: served.api.id, name: served.api.name, context: served.path, version: served.api.version },
    });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(callerAssertionSeconds);
    ws.close();
  });

  it("is not an access token: the gateway refuses it as one", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { token: served.token });
    const assertion = backend.requests.at(-1)!.headers["x-jwt-assertion"] as string;
    expect(await open(served.url, { token: assertion })).toMatchObject({ opened: false, status: 401, body: { error: "invalid_token" } });
    ws.close();
  });
});
