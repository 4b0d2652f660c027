import { describe, expect, it } from "vitest";
import { config } from "./config";
import { db } from "./db";
import { authenticateClient, clientCredentialsToken, deleteKeys, generateKeys, getKeys } from "./keys";
import { hashSecret } from "./secrets";
import { clientWithKeys, makeUser } from "./testing/fixtures";
import { refusal } from "./testing/refusal";
import { publicJwks, tokenVerifier } from "./tokens";

describe("generateKeys", () => {
  it("shows the secret once and stores only its hash", async () => {
    const { app, keys } = await clientWithKeys();
    const row = await db.applicationKey.findUniqueOrThrow({ where: { consumerKey: keys.consumerKey } });
    expect(row).toMatchObject({ applicationId: app.id, keyType: "PRODUCTION", secretHash: hashSecret(keys.consumerSecret), grantTypes: ["client_credentials"] });
    expect(JSON.stringify(row)).not.toContain(keys.consumerSecret);
  });

  it("hands out a first token that verifies", async () => {
    const { keys } = await clientWithKeys();
    const claims = await tokenVerifier(await publicJwks())(keys.token.accessToken);
    expect(claims.client_id).toBe(keys.consumerKey);
  });

  it("keeps the chosen token validity", async () => {
    const user = await makeUser();
    const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
    const keys = await generateKeys(user, { applicationId: app.id, keyType: "SANDBOX", validitySeconds: 120 });
    expect(keys.token.expiresIn).toBe(120);
    expect((await clientCredentialsToken(keys.consumerKey, keys.consumerSecret))?.expiresIn).toBe(120);
  });

  it("refuses a second generate for the same key type, and keeps the first keys", async () => {
    const { user, app, keys } = await clientWithKeys("PRODUCTION");
    expect((await refusal(generateKeys(user, { applicationId: app.id, keyType: "PRODUCTION" }))).code).toBe("CONFLICT");
    expect(await db.applicationKey.count({ where: { applicationId: app.id } })).toBe(1);
    expect(await clientCredentialsToken(keys.consumerKey, keys.consumerSecret)).not.toBeNull();
  });

  it("answers CONFLICT, not a database error, to generates at once", async () => {
    const user = await makeUser();
    const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => generateKeys(user, { applicationId: app.id, keyType: "PRODUCTION" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ name: "DuplexError", code: "CONFLICT" });
  });

  it("makes sandbox keys beside production keys", async () => {
    const { user, app, keys } = await clientWithKeys("PRODUCTION");
    const sandbox = await generateKeys(user, { applicationId: app.id, keyType: "SANDBOX" });
    expect(sandbox.consumerKey).not.toBe(keys.consumerKey);
    expect(await db.applicationKey.count({ where: { applicationId: app.id } })).toBe(2);
  });

  it("does not make keys for another user's application: NOT_FOUND", async () => {
    const owner = await makeUser();
    const app = await db.application.findFirstOrThrow({ where: { ownerId: owner.id } });
    const stranger = await makeUser();
    expect((await refusal(generateKeys(stranger, { applicationId: app.id, keyType: "PRODUCTION" }))).code).toBe("NOT_FOUND");
    expect(await db.applicationKey.count({ where: { applicationId: app.id } })).toBe(0);
  });

  it("lists the keys without a secret", async () => {
    const { user, app, keys } = await clientWithKeys();
    const { key } = await getKeys(user, app.id, "PRODUCTION");
    expect(key).toEqual({ consumerKey: keys.consumerKey, grantTypes: ["client_credentials"], tokenValiditySeconds: 3600, createdAt: expect.any(Date) });
  });
});

describe("clientCredentialsToken", () => {
  it("gives the right secret a token that the published keys verify, with the client's claims", async () => {
    const { user, app, keys } = await clientWithKeys("SANDBOX");
    const issued = await clientCredentialsToken(keys.consumerKey, keys.consumerSecret);
    expect(issued).not.toBeNull();
    const claims = await tokenVerifier(await publicJwks())(issued!.accessToken);
    expect(claims).toMatchObject({
      iss: config().TOKEN_ISSUER,
      sub: user.id,
      jti: issued!.jti,
      client_id: keys.consumerKey,
      keytype: "SANDBOX",
      application: { id: app.id, name: app.name, owner: user.username },
    });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.exp).toBe(issued!.expiresAt.getTime() / 1000);
    expect(claims.scope).toBeUndefined();
  });

  it("puts the requested scope in the token", async () => {
    const { keys } = await clientWithKeys();
    const issued = await clientCredentialsToken(keys.consumerKey, keys.consumerSecret, "read write");
    expect((await tokenVerifier(await publicJwks())(issued!.accessToken)).scope).toBe("read write");
  });

  it("gives each token its own jti", async () => {
    const { keys } = await clientWithKeys();
    const a = await clientCredentialsToken(keys.consumerKey, keys.consumerSecret);
    const b = await clientCredentialsToken(keys.consumerKey, keys.consumerSecret);
    expect(a!.jti).not.toBe(b!.jti);
  });

  it("gives a wrong secret or an unknown key nothing", async () => {
    const { keys } = await clientWithKeys();
    expect(await clientCredentialsToken(keys.consumerKey, `${keys.consumerSecret}x`)).toBeNull();
    expect(await clientCredentialsToken(keys.consumerKey, "")).toBeNull();
    expect(await clientCredentialsToken("no-such-key", keys.consumerSecret)).toBeNull();
  });

  it("refuses a client whose keys do not allow the client_credentials grant: FORBIDDEN", async () => {
    const { keys } = await clientWithKeys();
    await db.applicationKey.update({ where: { consumerKey: keys.consumerKey }, data: { grantTypes: ["password"] } });
    expect((await refusal(clientCredentialsToken(keys.consumerKey, keys.consumerSecret))).code).toBe("FORBIDDEN");
  });

  it("does not verify under another issuer", async () => {
    const { keys } = await clientWithKeys();
    const issued = await clientCredentialsToken(keys.consumerKey, keys.consumerSecret);
    await expect(tokenVerifier(await publicJwks(), "https://elsewhere.example/oauth2/token")(issued!.accessToken)).rejects.toThrow();
  });
});

describe("authenticateClient", () => {
  it("finds the client's key with its application and owner, only with the right secret", async () => {
    const { user, app, keys } = await clientWithKeys();
    const key = await authenticateClient(keys.consumerKey, keys.consumerSecret);
    expect(key).toMatchObject({ consumerKey: keys.consumerKey, application: { id: app.id, ownerId: user.id, owner: { username: user.username } } });
    expect(key!.application.owner).not.toHaveProperty("passwordHash");
    expect(await authenticateClient(keys.consumerKey, "wrong")).toBeNull();
  });
});

describe("deleteKeys", () => {
  it("deletes the keys of one type, keeps the other, audits it without the secret, and the client can no longer get a token", async () => {
    const { user, app, keys } = await clientWithKeys("PRODUCTION");
    await generateKeys(user, { applicationId: app.id, keyType: "SANDBOX" });
    await deleteKeys(user, app.id, "PRODUCTION");
    expect(await db.applicationKey.findMany({ where: { applicationId: app.id }, select: { keyType: true } })).toEqual([{ keyType: "SANDBOX" }]);
    expect(await clientCredentialsToken(keys.consumerKey, keys.consumerSecret)).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "delete-keys", actorId: user.id } });
    expect(audit.before).toMatchObject({ consumerKey: keys.consumerKey, keyType: "PRODUCTION" });
    expect(JSON.stringify(audit)).not.toContain(keys.consumerSecret);
    // Deleted, they can be generated again.
    await expect(generateKeys(user, { applicationId: app.id, keyType: "PRODUCTION" })).resolves.toMatchObject({ consumerKey: expect.any(String) });
  });

  it("refuses another user's application and keys that do not exist: NOT_FOUND, nothing deleted", async () => {
    const { app } = await clientWithKeys("PRODUCTION");
    const stranger = await makeUser();
    expect((await refusal(deleteKeys(stranger, app.id, "PRODUCTION"))).code).toBe("NOT_FOUND");
    expect(await db.applicationKey.count({ where: { applicationId: app.id } })).toBe(1);
    const owner = { id: app.ownerId, username: "owner", roles: ["SUBSCRIBER" as const] };
    expect((await refusal(deleteKeys(owner, app.id, "SANDBOX"))).message).toBe(`${app.name} has no sandbox keys.`);
  });
});
