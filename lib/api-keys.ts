// API keys (WSO2 API Manager has them for WebSocket APIs since 4.3): an application's key for
// one key type, which a client sends instead of an OAuth2 access token to an API whose security
// allows it (Publisher → API → Runtime). The key is shown once; only its SHA-256 is stored, which
// is what the gateway looks it up by. A key may expire, and may be held to client addresses and
// to the origins of the pages it is used from. Revoking one closes its live connections.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { apiKeyHash } from "./api-key-hash";
import { db } from "./db";
import { recordAudit } from "./audit";
import { DuplexError } from "./errors";
import { ownedApplication, ZKeyType } from "./keys";
import { ZIpRangeList, ZOriginList } from "./api-runtime";
import { notifyConfigChanged } from "./notify";
import type { Actor } from "./roles";

/** Every key begins so: a secret scanner (and a person) can tell one. */
export const apiKeyPrefix = "dpx_";
export const maxApiKeysPerApplication = 20;

export const ZCreateApiKey = z.object({
  applicationId: z.string().min(1),
  keyType: ZKeyType,
  name: z.string().trim().min(1, "Name the key: where it is used.").max(60, "At most 60 characters."),
  /** Days until it expires; null: never. */
  validityDays: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().int("Whole days.").min(1, "At least a day.").max(3650, "At most ten years.").nullable()).default(null),
  allowedIps: ZIpRangeList,
  allowedOrigins: ZOriginList,
});
export type CreateApiKeyInput = z.input<typeof ZCreateApiKey>;

/** What a list shows of a key: never the key. */
const listed = { id: true, name: true, keyType: true, prefix: true, expiresAt: true, allowedIps: true, allowedOrigins: true, createdAt: true, revokedAt: true } as const;

export async function listApiKeys(actor: Actor, applicationId: string) {
  await ownedApplication(actor, applicationId);
  return db.apiKey.findMany({ where: { applicationId }, select: listed, orderBy: { createdAt: "desc" } });
}

/** A new key, returned this once with its row; audited (without the key) and sent to the gateways in one transaction. */
export async function createApiKey(actor: Actor, raw: CreateApiKeyInput) {
  const input = ZCreateApiKey.parse(raw);
  const app = await ownedApplication(actor, input.applicationId);
  const key = `${apiKeyPrefix}${randomBytes(32).toString("base64url")}`;
  const expiresAt = input.validityDays === null ? null : new Date(Date.now() + input.validityDays * 86_400_000);
  return db.$transaction(async (tx) => {
    const active = await tx.apiKey.count({ where: { applicationId: app.id, revokedAt: null } });
    if (active >= maxApiKeysPerApplication) throw new DuplexError("CONFLICT", `An application can have at most ${maxApiKeysPerApplication} API keys: revoke one first.`);
    const row = await tx.apiKey.create({
      data: {
        applicationId: app.id,
        keyType: input.keyType,
        name: input.name,
        hash: apiKeyHash(key),
        prefix: key.slice(0, apiKeyPrefix.length + 6),
        expiresAt,
        allowedIps: input.allowedIps,
        allowedOrigins: input.allowedOrigins,
      },
      select: listed,
    });
    const { id: _id, ...after } = row;
    await recordAudit(tx, actor, { entity: "api-key", entityId: row.id, action: "create", after: { applicationId: app.id, ...after } });
    await notifyConfigChanged(tx, "api-key");
    return { key, apiKey: row };
  });
}

/** Revokes a key of the actor's application: the gateways refuse it, and close its connections, once they reload. */
export async function revokeApiKey(actor: Actor, apiKeyId: string) {
  return db.$transaction(async (tx) => {
    const found = await tx.apiKey.findFirst({ where: { id: apiKeyId, application: { ownerId: actor.id } }, select: listed });
    if (!found) throw new DuplexError("NOT_FOUND", "No such API key.");
    if (found.revokedAt) throw new DuplexError("CONFLICT", "This key is already revoked.");
    const revoked = await tx.apiKey.update({ where: { id: apiKeyId }, data: { revokedAt: new Date() }, select: listed });
    await recordAudit(tx, actor, { entity: "api-key", entityId: apiKeyId, action: "revoke", before: { revokedAt: null }, after: { revokedAt: revoked.revokedAt } });
    await notifyConfigChanged(tx, "api-key");
    return revoked;
  });
}
