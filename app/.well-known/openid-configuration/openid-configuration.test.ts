import { describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { GET } from "./route";

describe("GET /.well-known/openid-configuration", () => {
  it("names the issuer and the token, revocation and key endpoints", async () => {
    const response = await GET(new Request("http://localhost:3000/.well-known/openid-configuration"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const portal = config().PORTAL_URL.replace(/\/$/, "");
    expect(await response.json()).toMatchObject({
      issuer: config().TOKEN_ISSUER,
      token_endpoint: `${portal}/oauth2/token`,
      jwks_uri: `${portal}/oauth2/jwks`,
      revocation_endpoint: `${portal}/oauth2/revoke`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    });
  });
});
