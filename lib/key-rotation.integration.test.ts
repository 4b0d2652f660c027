import { describe, expect, it } from "vitest";
import { db } from "./db";
import { clientCredentialsToken, generateAccessToken, regenerateSecret } from "./keys";
import { revokeOwnToken } from "./revocation";
import { makeUser, publishedApi, subscribedClient } from "./testing/fixtures";
import { publicJwks, tokenVerifier } from "./tokens";

describe("regenerateSecret", () => {
  it("gives a new secret that works, and the old one stops working", async () => {
    const { api } = await publishedApi("ws://localhost:1");
    const { user, app, keys } = await subscribedClient(api.id);
    const fresh = await regenerateSecret(user, app.id, "PRODUCTION");
    expect(fresh).not.toBe(keys.consumerSecret);
    expect(await clientCredentialsToken(keys.consumerKey, keys.consumerSecret)).toBeNull();
    expect(await clientCredentialsToken(keys.consumerKey, fresh)).not.toBeNull();
  });

  it("is refused for another user's application and for keys not generated", async () => {
    const { api } = await publishedApi("ws://localhost:1");
    const { app } = await subscribedClient(api.id);
    const other = await makeUser();
    await expect(regenerateSecret(other, app.id, "PRODUCTION")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("generateAccessToken", () => {
  it("takes a validity period, within limits", async () => {
    const { api } = await publishedApi("ws://localhost:1");
    const { user, app } = await subscribedClient(api.id);
    const token = await generateAccessToken(user, app.id, "PRODUCTION", 120);
    const claims = await tokenVerifier(await publicJwks())(token.accessToken);
    expect(claims.exp - claims.iat).toBe(120);
    await expect(generateAccessToken(user, app.id, "PRODUCTION", 5)).rejects.toThrow("At least 60 seconds.");
  });
});

describe("revokeOwnToken", () => {
  it("revokes a token of the actor's own application, and refuses anyone else's", async () => {
    const { api } = await publishedApi("ws://localhost:1");
    const { user, token } = await subscribedClient(api.id);
    const stranger = await makeUser();
    await expect(revokeOwnToken(stranger, token)).rejects.toMatchObject({ code: "NOT_FOUND", field: "token" });
    await expect(revokeOwnToken(user, "not-a-jwt")).rejects.toMatchObject({ code: "INVALID", field: "token" });
    await revokeOwnToken(user, token);
    const { jti } = await tokenVerifier(await publicJwks())(token);
    expect(await db.revokedToken.findUnique({ where: { jti } })).not.toBeNull();
  });
});
