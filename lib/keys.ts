// OAuth client credentials per application and key type, and the tokens they get.
import { z } from "zod";
import { db } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { notifyConfigChanged } from "./notify";
import { recordAudit } from "./audit";
import type { Actor } from "./roles";
import { hashSecret, newConsumerKey, newConsumerSecret, verifySecret } from "./secrets";
import { issueAccessToken, type IssuedToken } from "./tokens";

export const ZKeyType = z.enum(["PRODUCTION", "SANDBOX"]);
export type KeyType = z.infer<typeof ZKeyType>;

export const ZValiditySeconds = z.coerce.number().int().min(60, "At least 60 seconds.").max(31_536_000, "At most one year.");

export const ZGenerateKeys = z.object({
  applicationId: z.string().min(1),
  keyType: ZKeyType,
  validitySeconds: ZValiditySeconds.default(3600),
});

export interface GeneratedKeys {
  consumerKey: string;
  /** Shown once: only its hash is kept. */
  consumerSecret: string;
  token: IssuedToken;
}

/** The actor's own application, or NOT_FOUND (another user's ids leak nothing). */
export async function ownedApplication(actor: Actor, applicationId: string) {
  const app = await db.application.findFirst({ where: { id: applicationId, ownerId: actor.id }, include: { owner: { select: { username: true } } } });
  if (!app) throw new DuplexError("NOT_FOUND", "No such application.");
  return app;
}

/** Generate Keys: a consumer key and secret for the application's key type, and a first access token. */
export async function generateKeys(actor: Actor, raw: z.input<typeof ZGenerateKeys>): Promise<GeneratedKeys> {
  const input = ZGenerateKeys.parse(raw);
  const app = await ownedApplication(actor, input.applicationId);
  const consumerKey = newConsumerKey();
  const consumerSecret = newConsumerSecret();
  const conflict = new DuplexError("CONFLICT", `${app.name} already has ${input.keyType.toLowerCase()} keys.`);
  // Signed before the keys exist, so the audit row can name it; if the keys are not saved, no gateway accepts it.
  const token = await issueAccessToken({
    application: { id: app.id, name: app.name, ownerId: app.ownerId, ownerUsername: app.owner.username },
    consumerKey,
    keyType: input.keyType,
    validitySeconds: input.validitySeconds,
  });
  await db.$transaction(async (tx) => {
    const existing = await tx.applicationKey.findUnique({ where: { applicationId_keyType: { applicationId: app.id, keyType: input.keyType } } });
    if (existing) throw conflict;
    const key = await tx.applicationKey.create({
      data: {
        applicationId: app.id,
        keyType: input.keyType,
        consumerKey,
        secretHash: hashSecret(consumerSecret),
        tokenValiditySeconds: input.validitySeconds,
      },
    });
    await recordAudit(tx, actor, {
      entity: "keys",
      entityId: key.id,
      action: "generate-keys",
      after: { ...auditedKey(app, key), firstToken: { jti: token.jti, expiresAt: token.expiresAt } },
    });
    await notifyConfigChanged(tx, "keys");
  }).catch((e: unknown) => {
    // Two clicks on Generate Keys at once: both find no keys, the second create hits the unique key.
    throw isUniqueViolation(e) ? conflict : e;
  });
  return { consumerKey, consumerSecret, token };
}

/** What the audit log keeps of keys: never the secret nor its hash. */
function auditedKey(app: { id: string; name: string }, key: { keyType: string; consumerKey: string; grantTypes: string[]; tokenValiditySeconds: number }) {
  return { application: { id: app.id, name: app.name }, keyType: key.keyType, consumerKey: key.consumerKey, grantTypes: key.grantTypes, tokenValiditySeconds: key.tokenValiditySeconds };
}

/** The keys of an application, without secrets. */
export async function getKeys(actor: Actor, applicationId: string, keyType: KeyType) {
  const app = await ownedApplication(actor, applicationId);
  const key = await db.applicationKey.findUnique({ where: { applicationId_keyType: { applicationId: app.id, keyType } } });
  return { application: app, key: key ? { consumerKey: key.consumerKey, grantTypes: key.grantTypes, tokenValiditySeconds: key.tokenValiditySeconds, createdAt: key.createdAt } : null };
}

/** A token for the signed-in owner, from the portal's Generate Access Token; the keys' validity unless one is given. */
export async function generateAccessToken(actor: Actor, applicationId: string, keyType: KeyType, validitySeconds?: number): Promise<IssuedToken> {
  const { application, key } = await getKeys(actor, applicationId, keyType);
  if (!key) throw new DuplexError("NOT_FOUND", "Generate keys first.");
  const seconds = validitySeconds === undefined ? key.tokenValiditySeconds : ZValiditySeconds.parse(validitySeconds);
  const token = await issueAccessToken({
    application: { id: application.id, name: application.name, ownerId: application.ownerId, ownerUsername: application.owner.username },
    consumerKey: key.consumerKey,
    keyType,
    validitySeconds: seconds,
  });
  // The token is handed out only once its audit row is written.
  await db.$transaction((tx) =>
    recordAudit(tx, actor, {
      entity: "token",
      entityId: token.jti,
      action: "issue",
      after: { application: { id: application.id, name: application.name }, keyType, consumerKey: key.consumerKey, validitySeconds: seconds, expiresAt: token.expiresAt },
    }),
  );
  return token;
}

/** Regenerate: a new consumer secret, shown once; the old one stops working at once. Issued tokens stay valid until they expire or are revoked. */
export async function regenerateSecret(actor: Actor, applicationId: string, keyType: KeyType): Promise<string> {
  const app = await ownedApplication(actor, applicationId);
  const consumerSecret = newConsumerSecret();
  await db.$transaction(async (tx) => {
    const before = await tx.applicationKey.findUnique({ where: { applicationId_keyType: { applicationId: app.id, keyType } } });
    if (!before) throw new DuplexError("NOT_FOUND", "Generate keys first.");
    const after = await tx.applicationKey.update({ where: { id: before.id }, data: { secretHash: hashSecret(consumerSecret), secretRotatedAt: new Date() } });
    await recordAudit(tx, actor, {
      entity: "keys",
      entityId: before.id,
      action: "regenerate-secret",
      before: { ...auditedKey(app, before), secretRotatedAt: before.secretRotatedAt },
      after: { ...auditedKey(app, after), secretRotatedAt: after.secretRotatedAt },
    });
  });
  return consumerSecret;
}

/**
 * Delete Keys: the application's consumer key and secret of this type go, and with them every
 * token issued to them: the gateways refuse those tokens and close their open connections
 * with 1008 once the change reaches them. Generate Keys makes new ones.
 */
export async function deleteKeys(actor: Actor, applicationId: string, keyType: KeyType): Promise<void> {
  const app = await ownedApplication(actor, applicationId);
  await db.$transaction(async (tx) => {
    const before = await tx.applicationKey.findUnique({ where: { applicationId_keyType: { applicationId: app.id, keyType } } });
    if (!before) throw new DuplexError("NOT_FOUND", `${app.name} has no ${keyType.toLowerCase()} keys.`);
    await tx.applicationKey.delete({ where: { id: before.id } });
    await recordAudit(tx, actor, { entity: "keys", entityId: before.id, action: "delete-keys", before: auditedKey(app, before) });
    await notifyConfigChanged(tx, "keys");
  });
}

/** The grant type this server issues tokens for (RFC 6749 §4.4). */
export const clientCredentialsGrant = "client_credentials";

/** The client whose secret this is (RFC 6749 §2.3.1), with its application and owner; null when it does not authenticate. */
export async function authenticateClient(consumerKey: string, consumerSecret: string) {
  const key = await db.applicationKey.findUnique({ where: { consumerKey }, include: { application: { include: { owner: { select: { username: true } } } } } });
  if (!key || !verifySecret(consumerSecret, key.secretHash)) return null;
  return key;
}

/**
 * The client credentials grant (RFC 6749 §4.4): null when the client does not authenticate;
 * FORBIDDEN when it authenticates but its keys do not allow this grant (§5.2 unauthorized_client).
 */
export async function clientCredentialsToken(consumerKey: string, consumerSecret: string, scope?: string): Promise<IssuedToken | null> {
  const key = await authenticateClient(consumerKey, consumerSecret);
  if (!key) return null;
  if (!key.grantTypes.includes(clientCredentialsGrant)) {
    throw new DuplexError("FORBIDDEN", "This client may not use the client_credentials grant.", "grant_type");
  }
  const app = key.application;
  return issueAccessToken({
    application: { id: app.id, name: app.name, ownerId: app.ownerId, ownerUsername: app.owner.username },
    consumerKey,
    keyType: key.keyType,
    validitySeconds: key.tokenValiditySeconds,
    scope,
  });
}
