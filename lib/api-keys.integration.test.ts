// API keys against the real database: only the key's SHA-256 is kept, and the key appears in
// no audit row; only the application's owner may generate, list or revoke its keys; the
// gateways are told in the same transaction; bad restrictions are named by field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyHash } from "./api-key-hash";
import { createApiKey, listApiKeys, maxApiKeysPerApplication, revokeApiKey, ZCreateApiKey } from "./api-keys";
import { db } from "./db";
import { makeUser } from "./testing/fixtures";
import { listenForConfigChanges, type ConfigListener } from "./testing/notifications";
import { refusal } from "./testing/refusal";

let listener: ConfigListener;
beforeAll(async () => void (listener = await listenForConfigChanges()));
afterAll(() => listener.close());

async function ownerWithApp() {
  const owner = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: owner.id } });
  return { owner, app };
}

describe("API keys", () => {
  it("keeps only the key's SHA-256, writes no key into the audit row, and tells the gateways", async () => {
    const { owner, app } = await ownerWithApp();
    const told = listener.next("api-key");
    const { key, apiKey } = await createApiKey(owner, { applicationId: app.id, keyType: "SANDBOX", name: "kiosk", validityDays: 30, allowedIps: ["10.0.0.0/8"] });
    await told;
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.hash).toBe(apiKeyHash(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(row.prefix).toBe(key.slice(0, 10));
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entity: "api-key", entityId: apiKey.id, action: "create" } });
    expect(JSON.stringify(audit)).not.toContain(key);
    expect(await listApiKeys(owner, app.id)).toMatchObject([{ id: apiKey.id, name: "kiosk", keyType: "SANDBOX", revokedAt: null }]);
  });

  it("refuses another user's application and another user's key with NOT_FOUND, so ids leak nothing", async () => {
    const { owner, app } = await ownerWithApp();
    const stranger = await makeUser(["SUBSCRIBER"]);
    const { apiKey } = await createApiKey(owner, { applicationId: app.id, keyType: "PRODUCTION", name: "mine" });
    expect((await refusal(createApiKey(stranger, { applicationId: app.id, keyType: "PRODUCTION", name: "theirs" }))).code).toBe("NOT_FOUND");
    expect((await refusal(listApiKeys(stranger, app.id))).code).toBe("NOT_FOUND");
    expect((await refusal(revokeApiKey(stranger, apiKey.id))).code).toBe("NOT_FOUND");
    expect(await db.apiKey.count({ where: { applicationId: app.id } })).toBe(1);
  });

  it("revokes once, audited, and refuses a second revoke and more than the limit of active keys", async () => {
    const { owner, app } = await ownerWithApp();
    const { apiKey } = await createApiKey(owner, { applicationId: app.id, keyType: "PRODUCTION", name: "first" });
    const revoked = await revokeApiKey(owner, apiKey.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { entity: "api-key", entityId: apiKey.id, action: "revoke" } })).toBe(1);
    expect((await refusal(revokeApiKey(owner, apiKey.id))).code).toBe("CONFLICT");
    for (let i = 0; i < maxApiKeysPerApplication; i++) await createApiKey(owner, { applicationId: app.id, keyType: "PRODUCTION", name: `k${i}` });
    const over = await refusal(createApiKey(owner, { applicationId: app.id, keyType: "PRODUCTION", name: "one too many" }));
    expect(over).toMatchObject({ code: "CONFLICT", message: `An application can have at most ${maxApiKeysPerApplication} API keys: revoke one first.` });
  });

  it("names a bad name, validity, address or origin by its field", () => {
    const r = ZCreateApiKey.safeParse({ applicationId: "a", keyType: "PRODUCTION", name: " ", validityDays: "0", allowedIps: ["10.0.0.1/8"], allowedOrigins: ["kiosk"] });
    expect(r.success).toBe(false);
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))).toMatchObject({
      name: "Name the key: where it is used.",
      validityDays: "At least a day.",
      allowedIps: expect.stringContaining("10.0.0.1/8"),
      allowedOrigins: expect.stringContaining("kiosk is not an origin"),
    });
  });
});
