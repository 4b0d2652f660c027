import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "./config";
import { db } from "./db";
import { clientCredentialsToken } from "./keys";
import { revokeToken } from "./revocation";
import { clientWithKeys } from "./testing/fixtures";
import { listenForConfigChanges, type ConfigListener } from "./testing/notifications";
import { refusal } from "./testing/refusal";
import { issueAccessToken, publicJwks, tokenAudience, tokenVerifier } from "./tokens";

let listener: ConfigListener;
beforeAll(async () => {
  listener = await listenForConfigChanges();
});
afterAll(async () => {
  await listener?.close();
});

async function clientWithToken() {
  const client = await clientWithKeys();
  const issued = (await clientCredentialsToken(client.clientId, client.clientSecret))!;
  return { ...client, issued };
}

describe("revokeToken", () => {
  it("records the token's jti, application and expiry, and tells the gateways", async () => {
    const { app, clientId, clientSecret, issued } = await clientWithToken();
    const heard = listener.next("revocation");
    expect(await revokeToken(clientId, clientSecret, issued.accessToken)).toBe(true);
    await heard;
    const row = await db.revokedToken.findUniqueOrThrow({ where: { jti: issued.jti } });
    expect(row).toMatchObject({ applicationId: app.id, expiresAt: issued.expiresAt });
  });

  it("takes a second revocation of the same token as done", async () => {
    const { clientId, clientSecret, issued } = await clientWithToken();
    await revokeToken(clientId, clientSecret, issued.accessToken);
    expect(await revokeToken(clientId, clientSecret, issued.accessToken)).toBe(true);
    expect(await db.revokedToken.count({ where: { jti: issued.jti } })).toBe(1);
  });

  it("revokes only that token: another of the client's tokens stays good", async () => {
    const { clientId, clientSecret, issued } = await clientWithToken();
    const other = (await clientCredentialsToken(clientId, clientSecret))!;
    await revokeToken(clientId, clientSecret, issued.accessToken);
    expect(await db.revokedToken.count({ where: { jti: other.jti } })).toBe(0);
  });

  it("answers false, and records nothing, for something that is not a token of ours (RFC 7009 §2.2)", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    expect(await revokeToken(clientId, clientSecret, "not-a-token")).toBe(false);
    expect(await revokeToken(clientId, clientSecret, "a.b.c")).toBe(false);
    // Our claims, but signed by someone else's key.
    const { privateKey } = await generateKeyPair("RS256");
    const [{ kid }] = (await publicJwks()).keys as { kid: string }[];
    const forged = await new SignJWT({ client_id: clientId, keytype: "PRODUCTION", application: { id: "x", name: "x", owner: "x" } })
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(config().TOKEN_ISSUER)
      .setAudience(tokenAudience)
      .setSubject("x")
      .setJti("forged-jti")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    expect(await revokeToken(clientId, clientSecret, forged)).toBe(false);
    expect(await db.revokedToken.findUnique({ where: { jti: "forged-jti" } })).toBeNull();
  });

  it("answers false for an expired token: there is nothing left to revoke", async () => {
    const { app, user, clientId, clientSecret } = await clientWithKeys();
    const expired = await issueAccessToken({
      application: { id: app.id, name: app.name, ownerId: user.id, ownerUsername: user.username },
      consumerKey: clientId,
      keyType: "PRODUCTION",
      validitySeconds: -60,
    });
    await expect(tokenVerifier(await publicJwks())(expired.accessToken)).rejects.toThrow();
    expect(await revokeToken(clientId, clientSecret, expired.accessToken)).toBe(false);
    expect(await db.revokedToken.findUnique({ where: { jti: expired.jti } })).toBeNull();
  });

  it("refuses to revoke another client's token: FORBIDDEN, nothing recorded", async () => {
    const victim = await clientWithToken();
    const other = await clientWithKeys();
    expect((await refusal(revokeToken(other.clientId, other.clientSecret, victim.issued.accessToken))).code).toBe("FORBIDDEN");
    expect(await db.revokedToken.findUnique({ where: { jti: victim.issued.jti } })).toBeNull();
  });

  it("refuses a client that does not authenticate: UNAUTHENTICATED, nothing recorded", async () => {
    const { clientId, issued } = await clientWithToken();
    expect((await refusal(revokeToken(clientId, "wrong", issued.accessToken))).code).toBe("UNAUTHENTICATED");
    expect((await refusal(revokeToken("no-such-client", "wrong", issued.accessToken))).code).toBe("UNAUTHENTICATED");
    expect(await db.revokedToken.findUnique({ where: { jti: issued.jti } })).toBeNull();
  });
});
