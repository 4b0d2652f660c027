import { describe, expect, it } from "vitest";
import type { AccessTokenClaims, TokenVerifier } from "../../lib/tokens";
import { buildSnapshot } from "../config/snapshot";
import { Refusal } from "./refuse";
import { authenticate, extractToken, queryParam, tokenProtocols } from "./authenticate";

describe("extractToken", () => {
  it("takes the token from Authorization: Bearer, whatever the scheme's case", () => {
    expect(extractToken({ authorization: "Bearer abc.def.ghi" }, "")).toEqual({ token: "abc.def.ghi" });
    expect(extractToken({ authorization: "bearer abc" }, "")).toEqual({ token: "abc" });
  });

  it("takes the token from the access_token query parameter", () => {
    expect(extractToken({}, "room=1&access_token=abc.def")).toEqual({ token: "abc.def" });
  });

  it("refuses a request without a token with 401 invalid_request", () => {
    const r = extractToken({}, "room=1");
    expect(r).toBeInstanceOf(Refusal);
    expect(r).toMatchObject({ status: 401, error: "invalid_request" });
    expect(extractToken({}, "access_token=")).toMatchObject({ status: 401, error: "invalid_request" });
  });

  it("refuses another Authorization scheme", () => {
    expect(extractToken({ authorization: "Basic dXNlcjpwYXNz" }, "")).toMatchObject({ status: 401, error: "invalid_request" });
    expect(extractToken({ authorization: "Bearer" }, "")).toMatchObject({ status: 401, error: "invalid_request" });
  });

  it("refuses a token sent two ways (RFC 6750 §2)", () => {
    expect(extractToken({ authorization: "Bearer a" }, "access_token=b")).toMatchObject({ status: 400, error: "invalid_request" });
  });
});

describe("queryParam", () => {
  it("decodes the named parameter and ignores look-alikes", () => {
    expect(queryParam("x_access_token=1&access_token=a%2Eb", "access_token")).toBe("a.b");
    expect(queryParam("access_tokens=1", "access_token")).toBeUndefined();
    expect(queryParam("access_token", "access_token")).toBe("");
    expect(queryParam("access_token=%E0%A4%A", "access_token")).toBe("");
  });
});

describe("tokenProtocols", () => {
  it("takes the token and the marker out of the offered subprotocols, keeping the others in order", () => {
    expect(tokenProtocols(["a", "duplex.bearer", "duplex.bearer.x.y.z", "b"])).toEqual({ token: "x.y.z", marker: "duplex.bearer", apiKey: undefined, forward: ["a", "b"] });
    expect(tokenProtocols(["a", "b"])).toEqual({ token: undefined, marker: undefined, apiKey: undefined, forward: ["a", "b"] });
    expect(tokenProtocols(["duplex.apikey", "duplex.apikey.dpx_k-y_1", "chat"])).toEqual({ token: undefined, marker: "duplex.apikey", apiKey: "dpx_k-y_1", forward: ["chat"] });
  });

  it("counts the subprotocol form as one of the ways a token may be sent", () => {
    expect(extractToken({}, "", "abc")).toEqual({ token: "abc" });
    expect(extractToken({}, "access_token=a", "abc")).toMatchObject({ status: 400 });
    expect(extractToken({}, "", "")).toMatchObject({ status: 401, error: "invalid_request" });
  });
});

describe("authenticate's cache of verified tokens", () => {
  const claims = (jti: string, expInSeconds: number): AccessTokenClaims => ({
    iss: "duplex",
    sub: "user",
    jti,
    exp: Math.floor(Date.now() / 1000) + expInSeconds,
    iat: Math.floor(Date.now() / 1000),
    client_id: "key",
    keytype: "PRODUCTION",
    application: { id: "app", name: "App", owner: "owner" },
  });
  /** A snapshot whose verifier counts its calls: a stand-in for RS256 verification. */
  function snapshotWith(verifyToken: TokenVerifier, revoked: string[] = []) {
    const snapshot = buildSnapshot({ apis: [], subscriptions: [], keys: [{ consumerKey: "key", applicationId: "app", keyType: "PRODUCTION" }], revokedJtis: revoked, jwks: { keys: [] }, issuer: "duplex" });
    return { ...snapshot, verifyToken };
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("verifies a token's signature once, and still refuses it once it is revoked", async () => {
    const calls: string[] = [];
    const verify: TokenVerifier = async (token) => (calls.push(token), claims("jti-1", 3600));
    const first = await authenticate(snapshotWith(verify), bearer("token-a"), "");
    const second = await authenticate(snapshotWith(verify), bearer("token-a"), "");
    expect(first).toMatchObject({ applicationId: "app" });
    expect(second).toMatchObject({ applicationId: "app" });
    expect(calls).toEqual(["token-a"]);
    const revoked = await authenticate(snapshotWith(verify, ["jti-1"]), bearer("token-a"), "");
    expect(revoked).toMatchObject({ status: 401, error: "invalid_token", message: "The access token has been revoked." });
  });

  it("verifies again once the token's exp has passed, and under a new verifier (new signing keys)", async () => {
    let calls = 0;
    const expired: TokenVerifier = async () => (calls++, claims("jti-2", -1));
    await authenticate(snapshotWith(expired), bearer("token-b"), "");
    await authenticate(snapshotWith(expired), bearer("token-b"), "");
    expect(calls).toBe(2);

    let otherCalls = 0;
    const valid: TokenVerifier = async () => (otherCalls++, claims("jti-3", 3600));
    const rotated: TokenVerifier = async () => {
      otherCalls++;
      throw Object.assign(new Error("no key"), { code: "ERR_JWKS_NO_MATCHING_KEY" });
    };
    expect(await authenticate(snapshotWith(valid), bearer("token-c"), "")).toMatchObject({ applicationId: "app" });
    expect(await authenticate(snapshotWith(rotated), bearer("token-c"), "")).toMatchObject({ status: 401, message: "The access token's signature is not valid." });
    expect(otherCalls).toBe(2);
  });

  it("does not remember a token that failed verification", async () => {
    let calls = 0;
    const failing: TokenVerifier = async () => {
      calls++;
      throw Object.assign(new Error("bad"), { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
    };
    await authenticate(snapshotWith(failing), bearer("token-d"), "");
    await authenticate(snapshotWith(failing), bearer("token-d"), "");
    expect(calls).toBe(2);
  });
});
