// Access tokens: JWTs signed with a key kept in the database and published as a JWKS.
import { createPrivateKey, randomUUID, type JsonWebKey, type KeyObject } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, type JSONWebKeySet } from "jose";
import { z } from "zod";
import { rs256Verifier, signJwt } from "./compact-jwt";
import { config } from "./config";
import { db } from "./db";
import { notifyConfigChanged } from "./notify";
import { recordAudit, systemActor } from "./audit";

/** Access tokens are RS256, as WSO2's are; the gateway's X-JWT-Assertion is ES256 (gateway/handshake/caller-assertion.ts). */
export type SigningAlgorithm = "RS256" | "ES256";
const algorithm: SigningAlgorithm = "RS256";
/** The audience of every token: the Duplex gateways. */
export const tokenAudience = "duplex-gateway";
/** Seconds of clock difference tolerated on exp/nbf. */
export const clockToleranceSeconds = 5;

export const ZAccessTokenClaims = z.object({
  iss: z.string(),
  sub: z.string(),
  jti: z.string(),
  exp: z.number(),
  iat: z.number(),
  client_id: z.string(),
  keytype: z.enum(["PRODUCTION", "SANDBOX"]),
  application: z.object({ id: z.string(), name: z.string(), owner: z.string() }),
  scope: z.string().optional(),
});
export type AccessTokenClaims = z.infer<typeof ZAccessTokenClaims>;

interface SigningKeyRow {
  kid: string;
  privateJwk: unknown;
}

/** The key of `alg` that signs now; made on first use. */
async function activeSigningKey(alg: SigningAlgorithm = algorithm): Promise<SigningKeyRow> {
  const where = { active: true, algorithm: alg };
  const existing = await db.signingKey.findFirst({ where, orderBy: { createdAt: "desc" } });
  if (existing) return existing;
  return db.$transaction(async (tx) => {
    // Two processes starting at once must not both make a key.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('duplex_signing_key'))`;
    const again = await tx.signingKey.findFirst({ where, orderBy: { createdAt: "desc" } });
    if (again) return again;
    const { publicKey, privateKey } = await generateKeyPair(alg, { modulusLength: 2048, extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg };
    const row = await tx.signingKey.create({ data: { kid, algorithm: alg, publicJwk, privateJwk } });
    await recordAudit(tx, systemActor, { entity: "signing-key", entityId: kid, action: "create", after: { kid, algorithm: alg } });
    await notifyConfigChanged(tx, "signing-key");
    return row;
  });
}

/**
 * The private key of `alg` that signs now: RS256 for access tokens, ES256 for the gateway's
 * X-JWT-Assertion to backends (gateway/handshake/caller-assertion.ts). Both public keys are
 * in /oauth2/jwks.
 */
export async function activeSigningKeyPair(alg: SigningAlgorithm = algorithm): Promise<{ kid: string; privateKey: KeyObject }> {
  const key = await activeSigningKey(alg);
  return { kid: key.kid, privateKey: createPrivateKey({ key: key.privateJwk as JsonWebKey, format: "jwk" }) };
}

export interface IssueTokenInput {
  application: { id: string; name: string; ownerUsername: string; ownerId: string };
  consumerKey: string;
  keyType: "PRODUCTION" | "SANDBOX";
  validitySeconds: number;
  scope?: string;
}

export interface IssuedToken {
  accessToken: string;
  jti: string;
  expiresIn: number;
  expiresAt: Date;
}

export async function issueAccessToken(input: IssueTokenInput): Promise<IssuedToken> {
  return (await accessTokenSigner())(input);
}

/** Signs tokens with the key active now, loaded once: for many tokens at a time (the bench's W3). */
export async function accessTokenSigner(): Promise<(input: IssueTokenInput) => Promise<IssuedToken>> {
  const { kid, privateKey } = await activeSigningKeyPair(algorithm);
  return async (input) => {
    const jti = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const exp = now + input.validitySeconds;
    const claims = {
      iss: config().TOKEN_ISSUER,
      aud: tokenAudience,
      sub: input.application.ownerId,
      jti,
      iat: now,
      exp,
      client_id: input.consumerKey,
      keytype: input.keyType,
      application: { id: input.application.id, name: input.application.name, owner: input.application.ownerUsername },
      ...(input.scope ? { scope: input.scope } : {}),
    };
    const accessToken = signJwt({ alg: algorithm, kid, typ: "JWT" }, claims, privateKey);
    return { accessToken, jti, expiresIn: input.validitySeconds, expiresAt: new Date(exp * 1000) };
  };
}

/** The public keys that verify tokens: active ones and retired ones still within a token's life. */
export async function publicJwks(): Promise<JSONWebKeySet> {
  const rows = await db.signingKey.findMany({
    where: { OR: [{ active: true }, { retiredAt: { gt: new Date(Date.now() - 24 * 3600 * 1000) } }] },
    orderBy: { createdAt: "desc" },
  });
  return { keys: rows.map((r) => r.publicJwk as unknown as JWK) };
}

export type TokenVerifier = (token: string) => Promise<AccessTokenClaims>;

/**
 * A verifier over a fixed key set: signature (RS256 only), issuer, audience, exp and nbf, then
 * the claims' shape. Synchronous underneath (lib/compact-jwt.ts): the gateway verifies every
 * token it has not seen on the handshake's path.
 */
export function tokenVerifier(jwks: JSONWebKeySet, issuer = config().TOKEN_ISSUER): TokenVerifier {
  const verify = rs256Verifier(jwks, { issuer, audience: tokenAudience, clockToleranceSeconds });
  return async (token) => ZAccessTokenClaims.parse(verify(token));
}
