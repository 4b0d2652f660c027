// OAuth client credentials per application and key type, and the tokens they get.
import { z } from "zod";
import { db } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { notifyConfigChanged } from "./notify";
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

async function ownedApplication(actor: Actor, applicationId: string) {
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
  await db.$transaction(async (tx) => {
    const existing = await tx.applicationKey.findUnique({ where: { applicationId_keyType: { applicationId: app.id, keyType: input.keyType } } });
    if (existing) throw conflict;
    await tx.applicationKey.create({
      data: {
        applicationId: app.id,
        keyType: input.keyType,
        consumerKey,
        secretHash: hashSecret(consumerSecret),
        tokenValiditySeconds: input.validitySeconds,
      },
    });
    await notifyConfigChanged(tx, "keys");
  }).catch((e: unknown) => {
    // Two clicks on Generate Keys at once: both find no keys, the second create hits the unique key.
    throw isUniqueViolation(e) ? conflict : e;
  });
  const token = await issueAccessToken({
    application: { id: app.id, name: app.name, ownerId: app.ownerId, ownerUsername: app.owner.username },
    consumerKey,
    keyType: input.keyType,
    validitySeconds: input.validitySeconds,
  });
  return { consumerKey, consumerSecret, token };
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
  return issueAccessToken({
    application: { id: application.id, name: application.name, ownerId: application.ownerId, ownerUsername: application.owner.username },
    consumerKey: key.consumerKey,
    keyType,
    validitySeconds: validitySeconds === undefined ? key.tokenValiditySeconds : ZValiditySeconds.parse(validitySeconds),
  });
}

/** Regenerate: a new consumer secret, shown once; the old one stops working at once. Issued tokens stay valid until they expire or are revoked. */
export async function regenerateSecret(actor: Actor, applicationId: string, keyType: KeyType): Promise<string> {
  const app = await ownedApplication(actor, applicationId);
  const consumerSecret = newConsumerSecret();
  const { count } = await db.applicationKey.updateMany({
    where: { applicationId: app.id, keyType },
    data: { secretHash: hashSecret(consumerSecret), secretRotatedAt: new Date() },
  });
  if (count === 0) throw new DuplexError("NOT_FOUND", "Generate keys first.");
  return consumerSecret;
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
