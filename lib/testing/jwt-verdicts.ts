// What the token verifier's tests share (compact-jwt.test.ts, compact-jwt.fuzz.test.ts): the
// keys, the JWKS the verifier is given, and its verdict beside jose's jwtVerify's on one token.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWK } from "jose";
import { rs256Verifier, type JwtClaims } from "../compact-jwt";

export const issuer = "https://duplex.test";
export const audience = "duplex-gateway";
const options = { issuer, audience, clockToleranceSeconds: 5 };

export const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const otherRsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const weakRsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
export const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });

const published = (key: KeyObject, kid: string, alg: string): JWK => ({ ...(key.export({ format: "jwk" }) as JWK), kid, alg, use: "sig" });
/** r1 signs; r0 is too short to be trusted; e1 is not RSA. */
export const jwks: JSONWebKeySet = { keys: [published(rsa.publicKey, "r1", "RS256"), published(weakRsa.publicKey, "r0", "RS256"), published(ec.publicKey, "e1", "ES256")] };

export type Verdict = { claims: JwtClaims } | { code: string };
const codeOf = (e: unknown) => ({ code: (e as { code?: string }).code ?? (e as Error).name });

export async function joseVerdict(token: string): Promise<Verdict> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer, audience, algorithms: ["RS256"], clockTolerance: 5 });
    return { claims: payload as JwtClaims };
  } catch (e) {
    return codeOf(e);
  }
}

export function ourVerdict(token: string): Verdict {
  try {
    return { claims: rs256Verifier(jwks, options)(token) };
  } catch (e) {
    return codeOf(e);
  }
}

/** One part of a compact JWS: JSON, or a string as it is, in base64url. */
export const part = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
