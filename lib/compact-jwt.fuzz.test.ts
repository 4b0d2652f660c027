// The gateway's own JWT verifier against jose's jwtVerify on generated tokens (fast-check):
// headers, claims and signatures of every kind the two could read differently. Whatever jose
// accepts, ours accepts with the same claims; whatever jose refuses, ours refuses, with jose's
// error code where jose gives one. compact-jwt.test.ts holds the named cases (alg none, HS256
// keyed with the public key, …); this one tries their combinations.
import { createHmac, sign } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { audience, ec, issuer, joseVerdict, otherRsa, ourVerdict, part, rsa } from "./testing/jwt-verdicts";
import { fuzzRuns } from "./testing/fuzz-runs";

const now = Math.floor(Date.now() / 1000);
// Times around now and the 5 s tolerance, and values of the wrong type.
const time = fc.oneof(fc.integer({ min: -20, max: 20 }).map((d) => now + d), fc.constantFrom(now + 3600, now - 3600, 0), fc.constantFrom("soon", null, true, [now], 1e400));
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const header = fc.record(
  {
    alg: fc.constantFrom("RS256", "RS256", "RS256", "none", "HS256", "RS512", "ES256", "rs256", ""),
    kid: fc.constantFrom("r1", "r1", "e1", "r9", "", 1),
    typ: optional(fc.constantFrom("JWT", "at+jwt", "x")),
    crit: optional(fc.constantFrom(["exp"], [], "exp")),
  },
  { requiredKeys: ["alg"] },
);
const claims = fc.record(
  {
    iss: fc.constantFrom(issuer, issuer, "https://evil.test", "", 7),
    aud: fc.constantFrom(audience, audience, [audience], ["x", audience], "other", [], 3),
    sub: fc.constantFrom("alice", 1),
    exp: time,
    nbf: time,
    iat: time,
  },
  { requiredKeys: [] },
);
/** How the token is signed: by the key its kid should name, another, an HMAC of the public key, or garbage. */
const signer = fc.constantFrom("rsa", "rsa", "rsa", "other-rsa", "rs512", "ec", "hmac-public-key", "empty", "garbage");

function signature(how: string, input: Buffer): string {
  switch (how) {
    case "rsa":
      return sign("sha256", input, rsa.privateKey).toString("base64url");
    case "other-rsa":
      return sign("sha256", input, otherRsa.privateKey).toString("base64url");
    case "rs512":
      return sign("sha512", input, rsa.privateKey).toString("base64url");
    case "ec":
      return sign("sha256", input, { key: ec.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url");
    case "hmac-public-key":
      return createHmac("sha256", rsa.publicKey.export({ type: "spki", format: "pem" })).update(input).digest("base64url");
    case "empty":
      return "";
    default:
      return "bm90IGEgc2lnbmF0dXJl";
  }
}

describe("rs256Verifier against jose, fuzzed", () => {
  it("accepts what jose accepts with the same claims, and refuses what jose refuses with jose's code", async () => {
    await fc.assert(
      fc.asyncProperty(header, claims, signer, async (h, c, how) => {
        const input = `${part(h)}.${part(c)}`;
        const token = `${input}.${signature(how, Buffer.from(input))}`;
        const ours = ourVerdict(token);
        // Without a kid jose takes the JWKS's only RSA key; ours names its key or refuses (compact-jwt.test.ts).
        if (h.kid === undefined) return void expect(ours).toHaveProperty("code");
        const jose = await joseVerdict(token);
        if ("claims" in jose) expect(ours).toEqual(jose);
        else if (jose.code.startsWith("ERR_")) expect(ours).toEqual(jose);
        else expect(ours).toHaveProperty("code");
      }),
      { numRuns: fuzzRuns },
    );
  });
});
