import { exportJWK, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "./snapshot";

const rows = (jwks: { keys: object[] }) => ({ apis: [], subscriptions: [], keys: [], revokedJtis: [], jwks, issuer: "http://issuer.test" });

describe("buildSnapshot", () => {
  it("keeps the token verifier (and so the verified tokens) while the signing keys stay the same", async () => {
    const key = { ...(await exportJWK((await generateKeyPair("RS256", { extractable: true })).publicKey)), kid: "a", alg: "RS256" };
    const first = buildSnapshot(rows({ keys: [key] }));
    expect(buildSnapshot(rows({ keys: [key] })).verifyToken).toBe(first.verifyToken);
    const other = { ...(await exportJWK((await generateKeyPair("RS256", { extractable: true })).publicKey)), kid: "b", alg: "RS256" };
    expect(buildSnapshot(rows({ keys: [key, other] })).verifyToken).not.toBe(first.verifyToken);
  });
});
