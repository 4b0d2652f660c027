// Every JWT Duplex signs or verifies (access tokens, X-JWT-Assertion), with node:crypto's
// one-shot, synchronous calls: both happen on the gateway's handshake path. jose (kept for
// keys and the JWKS) goes through WebCrypto, whose promise and thread-pool hop cost most of an
// operation here: an RS256 verification took 164 µs of CPU through jose and 44 µs through
// crypto.verify; an ES256 signature 167 µs and 52 µs.
//
// The verifier does what jose's jwtVerify does for our tokens and throws jose's own errors,
// so their codes mean the same to a caller; compact-jwt.test.ts checks it against jwtVerify
// on forged, tampered and expired tokens.
import { createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from "node:crypto";
import { errors, type JSONWebKeySet, type JWK } from "jose";

export type JwtClaims = Record<string, unknown>;

const base64url = /^[A-Za-z0-9_-]*$/;

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A compact JWS of `claims`, signed ES256 (P-256, signature as r‖s: RFC 7518 §3.4) or RS256. */
export function signJwt(header: { alg: "ES256" | "RS256"; kid: string; typ?: string }, claims: object, key: KeyObject): string {
  const input = `${encodeJson(header)}.${encodeJson(claims)}`;
  const signature = sign("sha256", Buffer.from(input), header.alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key);
  return `${input}.${signature.toString("base64url")}`;
}

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface Rs256Options {
  issuer: string;
  audience: string;
  /** Seconds of clock difference tolerated on exp and nbf. */
  clockToleranceSeconds: number;
}

/** The JWKS's RSA signing keys of at least 2,048 bits (RFC 7518 §3.3), by kid. */
function rsaKeys(jwks: JSONWebKeySet): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const jwk of jwks.keys as JWK[]) {
    if (jwk.kty !== "RSA" || !jwk.kid || (jwk.alg !== undefined && jwk.alg !== "RS256") || (jwk.use !== undefined && jwk.use !== "sig")) continue;
    const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) keys.set(jwk.kid, key);
  }
  return keys;
}

/** A verifier of RS256 JWTs signed by one of the JWKS's keys (chosen by kid); returns the claims. */
export function rs256Verifier(jwks: JSONWebKeySet, options: Rs256Options): (token: string) => JwtClaims {
  const keys = rsaKeys(jwks);
  return (token) => {
    const parts = token.split(".");
    if (parts.length !== 3 || !parts.every((p) => base64url.test(p))) throw new errors.JWSInvalid("Invalid Compact JWS");
    const [encodedHeader, encodedClaims, encodedSignature] = parts;
    const header = decodeJsonObject(encodedHeader);
    if (!header) throw new errors.JWSInvalid("JWS Protected Header is invalid");
    // No extension is understood here, so a token that requires one is refused (RFC 7515 §4.1.11);
    // a crit that is no list of names is malformed, as jose says.
    const crit = header.crit;
    if (crit !== undefined) {
      if (!Array.isArray(crit) || crit.length === 0 || crit.some((c) => typeof c !== "string" || c === "")) {
        throw new errors.JWSInvalid('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
      }
      throw new errors.JOSENotSupported("No JWS extension is supported");
    }
    if (typeof header.alg !== "string" || !header.alg) throw new errors.JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
    if (header.alg !== "RS256") throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    const key = typeof header.kid === "string" ? keys.get(header.kid) : undefined;
    if (!key) throw new errors.JWKSNoMatchingKey();
    if (!verify("sha256", Buffer.from(`${encodedHeader}.${encodedClaims}`), key, Buffer.from(encodedSignature, "base64url"))) {
      throw new errors.JWSSignatureVerificationFailed();
    }
    const claims = decodeJsonObject(encodedClaims);
    if (!claims) throw new errors.JWTInvalid("JWT Claims Set must be a top-level JSON object");
    checkClaims(claims, options);
    return claims;
  };
}

function numericDate(claims: JwtClaims, name: string): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new errors.JWTClaimValidationFailed(`"${name}" claim must be a number`, claims, name, "invalid");
  return value;
}

// RFC 7519 §4.1: as jose's validateClaimsSet, with the issuer and audience required.
function checkClaims(claims: JwtClaims, options: Rs256Options): void {
  for (const name of ["iss", "aud"]) {
    if (!Object.hasOwn(claims, name)) throw new errors.JWTClaimValidationFailed(`missing required "${name}" claim`, claims, name, "missing");
  }
  if (claims.iss !== options.issuer) throw new errors.JWTClaimValidationFailed('unexpected "iss" claim value', claims, "iss", "check_failed");
  const aud = claims.aud;
  if (!(aud === options.audience || (Array.isArray(aud) && aud.includes(options.audience)))) {
    throw new errors.JWTClaimValidationFailed('unexpected "aud" claim value', claims, "aud", "check_failed");
  }
  const now = Math.floor(Date.now() / 1000);
  const tolerance = options.clockToleranceSeconds;
  numericDate(claims, "iat");
  const nbf = numericDate(claims, "nbf");
  if (nbf !== undefined && nbf > now + tolerance) throw new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', claims, "nbf", "check_failed");
  const exp = numericDate(claims, "exp");
  if (exp !== undefined && exp <= now - tolerance) throw new errors.JWTExpired('"exp" claim timestamp check failed', claims, "exp", "check_failed");
}
