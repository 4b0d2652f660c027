// Who may open a connection: only a verified, unrevoked token of an application whose keys exist.
import { generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../lib/config";
import { db } from "../../lib/db";
import { revokeToken } from "../../lib/revocation";
import { issueAccessToken, tokenAudience } from "../../lib/tokens";
import { changeConfig, open, recordingBackend, servedApi, testGateway, type RecordingBackend } from "../testing/harness";

let gateway: Awaited<ReturnType<typeof testGateway>>;
let backend: RecordingBackend;
let served: Awaited<ReturnType<typeof servedApi>>;

beforeAll(async () => {
  gateway = await testGateway();
  backend = await recordingBackend();
  served = await servedApi(gateway, backend.url);
});

afterAll(async () => {
  await gateway?.close();
  await backend?.close();
});

async function refusedWith(outcome: ReturnType<typeof open>) {
  const o = await outcome;
  if (o.opened) {
    o.ws.close();
    throw new Error("expected the handshake to be refused");
  }
  return o;
}

/** The claims lib/tokens.ts would issue to the served client. */
function claimsOf() {
  const app = served.app;
  return { client_id: served.keys.consumerKey, keytype: "PRODUCTION", application: { id: app.id, name: app.name, owner: served.user.username } };
}

describe("authenticate", () => {
  it("refuses a handshake without a token with 401, a JSON reason and a Bearer challenge", async () => {
    const r = await refusedWith(open(served.url));
    expect(r.status).toBe(401);
    expect(r.body.error).toBe("invalid_request");
    expect(r.body.message).toMatch(/access token is required/);
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["www-authenticate"]).toBe('Bearer realm="duplex"');
  });

  it("refuses a token that is not a JWT with 401 invalid_token", async () => {
    const r = await refusedWith(open(served.url, { token: "not-a-jwt" }));
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: "invalid_token", message: "The access token is malformed." });
    expect(r.headers["www-authenticate"]).toMatch(/^Bearer realm="duplex", error="invalid_token", error_description="/);
  });

  it("refuses a token whose signature was tampered with", async () => {
    const [header, payload, signature] = served.token.split(".");
    const flipped = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11);
    const r = await refusedWith(open(served.url, { token: `${header}.${payload}.${flipped}` }));
    expect(r.status).toBe(401);
    expect(r.body.message).toBe("The access token's signature is not valid.");
  });

  it("refuses a token signed with a key the gateway does not know", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT(claimsOf())
      .setProtectedHeader({ alg: "RS256", kid: "forged" })
      .setIssuer(config().TOKEN_ISSUER)
      .setAudience(tokenAudience)
      .setSubject(served.user.id)
      .setJti("forged")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    const r = await refusedWith(open(served.url, { token: forged }));
    expect(r).toMatchObject({ status: 401, body: { error: "invalid_token", message: "The access token's signature is not valid." } });
  });

  it("refuses a token from another issuer, even signed with our key", async () => {
    const key = await db.signingKey.findFirstOrThrow({ where: { active: true, algorithm: "RS256" }, orderBy: { createdAt: "desc" } });
    const privateKey = await importJWK(key.privateJwk as JWK, "RS256");
    const foreign = await new SignJWT(claimsOf())
      .setProtectedHeader({ alg: "RS256", kid: key.kid })
      .setIssuer("https://elsewhere.example/oauth2/token")
      .setAudience(tokenAudience)
      .setSubject(served.user.id)
      .setJti("foreign")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    const r = await refusedWith(open(served.url, { token: foreign }));
    expect(r).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    expect(r.body.message).toMatch(/not issued for this gateway/);
  });

  it("refuses an expired token", async () => {
    const app = served.app;
    const expired = await issueAccessToken({
      application: { id: app.id, name: app.name, ownerId: served.user.id, ownerUsername: served.user.username },
      consumerKey: served.keys.consumerKey,
      keyType: "PRODUCTION",
      validitySeconds: -60,
    });
    const r = await refusedWith(open(served.url, { token: expired.accessToken }));
    expect(r).toMatchObject({ status: 401, body: { error: "invalid_token", message: "The access token has expired." } });
  });

  it("refuses a revoked token, once the revocation reaches the gateway", async () => {
    const { url, token, keys } = await servedApi(gateway, backend.url);
    const before = await open(url, { token });
    expect(before.opened).toBe(true);
    if (before.opened) before.ws.close();
    const jti = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).jti as string;
    expect(await revokeToken(keys.consumerKey, keys.consumerSecret, token)).toBe(true);
    await gateway.store.until((s) => s.revokedJtis.has(jti));
    const r = await refusedWith(open(url, { token }));
    expect(r).toMatchObject({ status: 401, body: { error: "invalid_token", message: "The access token has been revoked." } });
  });

  it("refuses a token whose application keys were deleted", async () => {
    const { url, token, keys } = await servedApi(gateway, backend.url);
    await changeConfig("keys", (tx) => tx.applicationKey.delete({ where: { consumerKey: keys.consumerKey } }));
    await gateway.store.until((s) => !s.keys.has(keys.consumerKey));
    const r = await refusedWith(open(url, { token }));
    expect(r).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    expect(r.body.message).toMatch(/keys .* no longer exist/);
  });
});
