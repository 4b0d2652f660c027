// POST /oauth2/revoke as a client sees it: RFC 7009.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clientCredentialsToken } from "@/lib/keys";
import { clientWithKeys } from "@/lib/testing/fixtures";
import { POST } from "./route";

function basic(id: string, secret: string) {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

function revokeRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  return POST(
    new Request("http://localhost:3000/oauth2/revoke", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    }),
  );
}

async function clientWithToken() {
  const client = await clientWithKeys();
  const issued = (await clientCredentialsToken(client.clientId, client.clientSecret))!;
  return { ...client, issued };
}

const revoked = (jti: string) => db.revokedToken.findUnique({ where: { jti } });

describe("POST /oauth2/revoke", () => {
  it("revokes the client's token: 200 with an empty body (§2.2)", async () => {
    const { clientId, clientSecret, issued, app } = await clientWithToken();
    const response = await revokeRequest({ token: issued.accessToken }, { Authorization: basic(clientId, clientSecret) });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await revoked(issued.jti)).toMatchObject({ applicationId: app.id });
  });

  it("takes the client's credentials in the body too", async () => {
    const { clientId, clientSecret, issued } = await clientWithToken();
    const response = await revokeRequest({ token: issued.accessToken, client_id: clientId, client_secret: clientSecret });
    expect(response.status).toBe(200);
    expect(await revoked(issued.jti)).not.toBeNull();
  });

  it("finds the access token whatever token_type_hint says (§2.1)", async () => {
    const { clientId, clientSecret, issued } = await clientWithToken();
    const response = await revokeRequest({ token: issued.accessToken, token_type_hint: "refresh_token" }, { Authorization: basic(clientId, clientSecret) });
    expect(response.status).toBe(200);
    expect(await revoked(issued.jti)).not.toBeNull();
  });

  it("answers 200 for a token it does not know, and for one revoked already (§2.2)", async () => {
    const { clientId, clientSecret, issued } = await clientWithToken();
    const auth = { Authorization: basic(clientId, clientSecret) };
    expect((await revokeRequest({ token: "no-such-token" }, auth)).status).toBe(200);
    expect((await revokeRequest({ token: issued.accessToken }, auth)).status).toBe(200);
    expect((await revokeRequest({ token: issued.accessToken }, auth)).status).toBe(200);
  });

  it("refuses a request without token: 400 invalid_request", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    const response = await revokeRequest({ token_type_hint: "access_token" }, { Authorization: basic(clientId, clientSecret) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });

  it("refuses a client that does not authenticate: 401 invalid_client, and revokes nothing", async () => {
    const { clientId, issued } = await clientWithToken();
    const response = await revokeRequest({ token: issued.accessToken }, { Authorization: basic(clientId, "wrong") });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="Duplex"');
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
    expect((await revokeRequest({ token: issued.accessToken })).status).toBe(401);
    expect(await revoked(issued.jti)).toBeNull();
  });

  it("refuses to revoke another client's token (§2.1): 400 unauthorized_client, and revokes nothing", async () => {
    const victim = await clientWithToken();
    const other = await clientWithKeys();
    const response = await revokeRequest({ token: victim.issued.accessToken }, { Authorization: basic(other.clientId, other.clientSecret) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "unauthorized_client" });
    expect(await revoked(victim.issued.jti)).toBeNull();
  });
});
