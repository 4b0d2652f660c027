// The synchronous verifier against jose's jwtVerify on the same tokens: whatever jose
// accepts, it accepts with the same claims; whatever jose refuses, it refuses, with the
// same error code where jose gives one.
import { createHmac, createPrivateKey, sign, type KeyObject } from "node:crypto";
import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signJwt, type JwtClaims } from "./compact-jwt";
import { audience, ec, issuer, joseVerdict, jwks, otherRsa, ourVerdict, part, rsa, weakRsa } from "./testing/jwt-verdicts";

const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: JwtClaims = {}): JwtClaims => ({ iss: issuer, aud: audience, sub: "alice", iat: now(), exp: now() + 3600, ...extra });

/** A compact JWS made by hand, so that any header, payload and signature can be tried. */
function compact(header: unknown, payload: unknown, signWith: (input: Buffer) => Buffer): string {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${signWith(Buffer.from(input)).toString("base64url")}`;
}
const rs256 = (key: KeyObject) => (input: Buffer) => sign("sha256", input, key);

const valid = () => compact({ alg: "RS256", kid: "r1", typ: "JWT" }, claims(), rs256(rsa.privateKey));

const cases: [string, () => string | Promise<string>][] = [
  ["a token signed by the key its kid names", valid],
  ["a token signed through jose", async () => new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: "r1" }).sign(rsa.privateKey)],
  ["an audience list that holds the gateway", () => compact({ alg: "RS256", kid: "r1" }, claims({ aud: ["other", audience] }), rs256(rsa.privateKey))],
  ["an exp 3 s ago, within the tolerance", () => compact({ alg: "RS256", kid: "r1" }, claims({ exp: now() - 3 }), rs256(rsa.privateKey))],
  [
    "claims swapped after signing",
    () => {
      const [h, , s] = valid().split(".");
      return `${h}.${part(claims({ sub: "mallory" }))}.${s}`;
    },
  ],
  [
    "a signature with one character changed",
    () => {
      const token = valid();
      const last = token.at(-2) === "A" ? "B" : "A";
      return `${token.slice(0, -2)}${last}${token.at(-1)}`;
    },
  ],
  ["alg none with no signature", () => `${part({ alg: "none" })}.${part(claims())}.`],
  ["alg none with a signature", () => compact({ alg: "none", kid: "r1" }, claims(), rs256(rsa.privateKey))],
  [
    "HS256 keyed with the RSA public key (algorithm confusion)",
    () => {
      const secret = rsa.publicKey.export({ type: "spki", format: "pem" });
      return compact({ alg: "HS256", kid: "r1" }, claims(), (input) => createHmac("sha256", secret).update(input).digest());
    },
  ],
  ["RS512 by the right key", () => compact({ alg: "RS512", kid: "r1" }, claims(), (input) => sign("sha512", input, rsa.privateKey))],
  ["ES256 by the published EC key", () => compact({ alg: "ES256", kid: "e1" }, claims(), (input) => sign("sha256", input, { key: ec.privateKey, dsaEncoding: "ieee-p1363" }))],
  ["RS256 naming the EC key's kid", () => compact({ alg: "RS256", kid: "e1" }, claims(), rs256(rsa.privateKey))],
  ["an unknown kid", () => compact({ alg: "RS256", kid: "r9" }, claims(), rs256(rsa.privateKey))],
  ["another RSA key under the right kid", () => compact({ alg: "RS256", kid: "r1" }, claims(), rs256(otherRsa.privateKey))],
  ["a 1,024-bit key", () => compact({ alg: "RS256", kid: "r0" }, claims(), rs256(weakRsa.privateKey))],
  ["an exp 10 s ago", () => compact({ alg: "RS256", kid: "r1" }, claims({ exp: now() - 10 }), rs256(rsa.privateKey))],
  ["an nbf a minute ahead", () => compact({ alg: "RS256", kid: "r1" }, claims({ nbf: now() + 60 }), rs256(rsa.privateKey))],
  ["an exp that is a string", () => compact({ alg: "RS256", kid: "r1" }, claims({ exp: String(now() + 60) }), rs256(rsa.privateKey))],
  ["an iat that is a string", () => compact({ alg: "RS256", kid: "r1" }, claims({ iat: "yesterday" }), rs256(rsa.privateKey))],
  ["another issuer", () => compact({ alg: "RS256", kid: "r1" }, claims({ iss: "https://evil.test" }), rs256(rsa.privateKey))],
  ["no issuer", () => compact({ alg: "RS256", kid: "r1" }, claims({ iss: undefined }), rs256(rsa.privateKey))],
  ["another audience", () => compact({ alg: "RS256", kid: "r1" }, claims({ aud: "someone-else" }), rs256(rsa.privateKey))],
  ["claims that are an array", () => compact({ alg: "RS256", kid: "r1" }, [claims()], rs256(rsa.privateKey))],
  ["claims that are not JSON", () => compact({ alg: "RS256", kid: "r1" }, "{iss:", rs256(rsa.privateKey))],
  ["a header that is not JSON", () => compact("{alg", claims(), rs256(rsa.privateKey))],
  ["a critical extension", () => compact({ alg: "RS256", kid: "r1", crit: ["exp"], exp: 1 }, claims(), rs256(rsa.privateKey))],
  ["two parts", () => valid().split(".").slice(0, 2).join(".")],
  ["four parts", () => `${valid()}.${part("x")}`],
  ["base64 instead of base64url in the signature", () => valid().replace(/.$/, "+")],
];

describe("rs256Verifier", () => {
  it.each(cases)("gives jose's verdict on %s", async (_name, make) => {
    const token = await make();
    const ours = ourVerdict(token);
    const jose = await joseVerdict(token);
    if ("claims" in jose) expect(ours).toEqual(jose);
    else if (jose.code.startsWith("ERR_")) expect(ours).toEqual(jose);
    // jose refuses some forgeries with a TypeError (a key too short); they must be refused.
    else expect(ours).toHaveProperty("code");
  });

  it("accepts the valid ones and refuses the rest", async () => {
    const verdicts = await Promise.all(cases.map(async ([name, make]) => [name, "claims" in ourVerdict(await make())] as const));
    expect(verdicts.filter(([, accepted]) => accepted).map(([name]) => name)).toEqual([
      "a token signed by the key its kid names",
      "a token signed through jose",
      "an audience list that holds the gateway",
      "an exp 3 s ago, within the tolerance",
    ]);
  });

  it("refuses a token without a kid, which jose would match to the only RSA key", () => {
    const token = compact({ alg: "RS256" }, claims(), rs256(rsa.privateKey));
    expect(ourVerdict(token)).toEqual({ code: "ERR_JWKS_NO_MATCHING_KEY" });
  });
});

describe("signJwt", () => {
  it("signs ES256 and RS256 tokens that jose verifies", async () => {
    const es = signJwt({ alg: "ES256", kid: "e1", typ: "duplex-caller+jwt" }, claims(), ec.privateKey);
    const esVerified = await jwtVerify(es, createLocalJWKSet(jwks), { issuer, audience, algorithms: ["ES256"], typ: "duplex-caller+jwt" });
    expect(esVerified.protectedHeader).toEqual({ alg: "ES256", kid: "e1", typ: "duplex-caller+jwt" });
    const rsToken = signJwt({ alg: "RS256", kid: "r1" }, claims({ sub: "bob" }), createPrivateKey(rsa.privateKey.export({ type: "pkcs8", format: "pem" })));
    expect((await jwtVerify(rsToken, createLocalJWKSet(jwks), { issuer, audience })).payload.sub).toBe("bob");
  });
});
