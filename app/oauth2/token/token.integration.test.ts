// POST /oauth2/token as a client sees it: RFC 6749 §4.4 (client credentials) and §5.2 (errors).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clientWithKeys } from "@/lib/testing/fixtures";
import { publicJwks, tokenVerifier } from "@/lib/tokens";
import { POST } from "./route";

const url = "http://localhost:3000/oauth2/token";

function basic(id: string, secret: string) {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

function tokenRequest(form: Record<string, string> | string, headers: Record<string, string> = {}) {
  return POST(
    new Request(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: typeof form === "string" ? form : new URLSearchParams(form).toString(),
    }),
  );
}

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: string; error_description: string }) };
}

describe("POST /oauth2/token", () => {
  it("issues a Bearer token to a client authenticating with HTTP Basic, not to be cached", async () => {
    const { app, clientId, clientSecret } = await clientWithKeys();
    const response = await tokenRequest({ grant_type: "client_credentials" }, { Authorization: basic(clientId, clientSecret) });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("pragma")).toBe("no-cache");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 });
    const claims = await tokenVerifier(await publicJwks())(body.access_token as string);
    expect(claims).toMatchObject({ client_id: clientId, application: { id: app.id } });
  });

  it("issues a token to a client authenticating in the body (client_secret_post)", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    const response = await tokenRequest({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token_type: string }).token_type).toBe("Bearer");
  });

  it("puts the requested scope in the token and says so", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    const response = await tokenRequest({ grant_type: "client_credentials", scope: "ticks:read" }, { Authorization: basic(clientId, clientSecret) });
    const body = (await response.json()) as { scope: string; access_token: string };
    expect(body.scope).toBe("ticks:read");
    expect((await tokenVerifier(await publicJwks())(body.access_token)).scope).toBe("ticks:read");
  });

  describe("refuses, as RFC 6749 §5.2 says", () => {
    it("a request without grant_type: 400 invalid_request", async () => {
      const { clientId, clientSecret } = await clientWithKeys();
      expect(await errorOf(await tokenRequest({}, { Authorization: basic(clientId, clientSecret) }))).toMatchObject({
        status: 400,
        error: "invalid_request",
        error_description: "grant_type is required.",
      });
    });

    it("a JSON body: 400 invalid_request", async () => {
      const response = await POST(
        new Request(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ grant_type: "client_credentials" }) }),
      );
      expect(await errorOf(response)).toMatchObject({ status: 400, error: "invalid_request" });
    });

    it("a parameter given twice: 400 invalid_request", async () => {
      const { clientId, clientSecret } = await clientWithKeys();
      const response = await tokenRequest("grant_type=client_credentials&grant_type=client_credentials", { Authorization: basic(clientId, clientSecret) });
      expect(await errorOf(response)).toMatchObject({ status: 400, error: "invalid_request" });
    });

    it.each(["password", "refresh_token", "authorization_code", "urn:ietf:params:oauth:grant-type:jwt-bearer", "nonsense"])(
      "grant_type=%s: 400 unsupported_grant_type",
      async (grantType) => {
        const { clientId, clientSecret } = await clientWithKeys();
        const response = await tokenRequest({ grant_type: grantType, username: "u", password: "p" }, { Authorization: basic(clientId, clientSecret) });
        expect(await errorOf(response)).toMatchObject({ status: 400, error: "unsupported_grant_type" });
      },
    );

    it("a wrong secret by HTTP Basic: 401 invalid_client with a Basic challenge", async () => {
      const { clientId } = await clientWithKeys();
      const response = await tokenRequest({ grant_type: "client_credentials" }, { Authorization: basic(clientId, "wrong") });
      expect(await errorOf(response)).toMatchObject({ status: 401, error: "invalid_client" });
      expect(response.headers.get("www-authenticate")).toBe('Basic realm="Duplex"');
      expect(response.headers.get("cache-control")).toBe("no-store");
    });

    it("a wrong secret in the body, or an unknown client: 401 invalid_client", async () => {
      const { clientId } = await clientWithKeys();
      expect(await errorOf(await tokenRequest({ grant_type: "client_credentials", client_id: clientId, client_secret: "wrong" }))).toMatchObject({
        status: 401,
        error: "invalid_client",
      });
      expect(await errorOf(await tokenRequest({ grant_type: "client_credentials" }, { Authorization: basic("no-such-client", "x") }))).toMatchObject({
        status: 401,
        error: "invalid_client",
      });
    });

    it("no client authentication at all: 401 invalid_client", async () => {
      const response = await tokenRequest({ grant_type: "client_credentials" });
      expect(await errorOf(response)).toMatchObject({ status: 401, error: "invalid_client" });
      expect(response.headers.get("www-authenticate")).toBe('Basic realm="Duplex"');
    });

    it("HTTP Basic and client_secret in the body at once: 400 invalid_request", async () => {
      const { clientId, clientSecret } = await clientWithKeys();
      const response = await tokenRequest(
        { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret },
        { Authorization: basic(clientId, clientSecret) },
      );
      expect(await errorOf(response)).toMatchObject({ status: 400, error: "invalid_request" });
    });

    it("a client whose keys do not allow client_credentials: 400 unauthorized_client", async () => {
      const { clientId, clientSecret } = await clientWithKeys();
      await db.applicationKey.update({ where: { consumerKey: clientId }, data: { grantTypes: ["refresh_token"] } });
      const response = await tokenRequest({ grant_type: "client_credentials" }, { Authorization: basic(clientId, clientSecret) });
      expect(await errorOf(response)).toMatchObject({ status: 400, error: "unauthorized_client" });
    });

    it("a malformed scope: 400 invalid_scope", async () => {
      const { clientId, clientSecret } = await clientWithKeys();
      const response = await tokenRequest({ grant_type: "client_credentials", scope: 'a  "b"' }, { Authorization: basic(clientId, clientSecret) });
      expect(await errorOf(response)).toMatchObject({ status: 400, error: "invalid_scope" });
    });
  });
});
