import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { clientWithKeys } from "@/lib/testing/fixtures";
import { GET } from "./route";

describe("GET /oauth2/jwks", () => {
  it("publishes the public key that signed a token, and no private part", async () => {
    const { keys } = await clientWithKeys();
    const { kid } = decodeProtectedHeader(keys.token.accessToken);
    const response = await GET(new Request("http://localhost:3000/oauth2/jwks"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    const { keys: published } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(published.find((k) => k.kid === kid)).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", n: expect.any(String), e: "AQAB" });
    for (const key of published) for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(key).not.toHaveProperty(secret);
  });
});
