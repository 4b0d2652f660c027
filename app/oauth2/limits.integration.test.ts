// /oauth2/token and /oauth2/revoke under attack: bodies are capped at 16 KiB (413, however the
// body is sent), and failed client authentications are limited per client id (10 in 15 minutes)
// and per address (30), answered 429 with Retry-After in RFC 6749 §5.2's format.
import { describe, expect, it } from "vitest";
import { clientCredentialsToken } from "@/lib/keys";
import { clientWithKeys, unique } from "@/lib/testing/fixtures";
import { POST as revoke } from "@/app/oauth2/revoke/route";
import { POST as token } from "@/app/oauth2/token/route";

function basic(id: string, secret: string) {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

let nextAddress = 0;
/** An address of its own for each use, so tests do not share the per-address count. */
function ownAddress(): string {
  nextAddress += 1;
  return `192.0.${Math.floor(Math.random() * 250)}.${nextAddress}`;
}

const form = { "Content-Type": "application/x-www-form-urlencoded" };

function tokenRequest(clientId: string, secret: string, ip: string) {
  return token(
    new Request("http://localhost:3000/oauth2/token", {
      method: "POST",
      headers: { ...form, Authorization: basic(clientId, secret), "X-Forwarded-For": ip },
      body: "grant_type=client_credentials",
    }),
  );
}

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: string; error_description: string }) };
}

/** A body of `bytes` sent as a stream: no Content-Length of its own. */
function streamedBody(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new TextEncoder().encode(`scope=${"a".repeat(8 * 1024 - 7)}&`);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe.each([
  ["/oauth2/token", token, "grant_type=client_credentials&scope="],
  ["/oauth2/revoke", revoke, "token="],
] as const)("%s with a body over 16 KiB", (path, POST, prefix) => {
  it("413 invalid_request, unread, when Content-Length says so", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    const body = `${prefix}${"a".repeat(2 * 1024 * 1024)}`;
    const headers = { ...form, Authorization: basic(clientId, clientSecret), "Content-Length": String(Buffer.byteLength(body)) };
    const response = await POST(new Request(`http://localhost:3000${path}`, { method: "POST", headers, body }));
    expect(await errorOf(response)).toEqual({ status: 413, error: "invalid_request", error_description: "The request body is over 16 KiB." });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("413 too when the body comes without a Content-Length, or with one smaller than it is", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    for (const extra of [{}, { "Content-Length": "40" }] as Record<string, string>[]) {
      const request = new Request(`http://localhost:3000${path}`, {
        method: "POST",
        headers: { ...form, ...extra, Authorization: basic(clientId, clientSecret) },
        body: streamedBody(2 * 1024 * 1024),
        duplex: "half",
      } as RequestInit);
      expect((await errorOf(await POST(request))).status).toBe(413);
    }
  });

  it("a body just under the cap is read", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    const body = path === "/oauth2/token" ? `grant_type=client_credentials&x=${"a".repeat(16 * 1024 - 40)}` : `token=${"a".repeat(16 * 1024 - 10)}`;
    const response = await POST(new Request(`http://localhost:3000${path}`, { method: "POST", headers: { ...form, Authorization: basic(clientId, clientSecret) }, body }));
    expect(response.status).toBe(200);
  });
});

describe("failed client authentications", () => {
  it("after 10 wrong secrets for one client, even the right one gets 429 temporarily_unavailable with Retry-After, from any address", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    for (let i = 0; i < 10; i++) expect((await tokenRequest(clientId, `wrong-${i}`, ownAddress())).status).toBe(401);
    const refused = await tokenRequest(clientId, clientSecret, ownAddress());
    expect(await errorOf(refused)).toEqual({
      status: 429,
      error: "temporarily_unavailable",
      error_description: "Too many failed client authentications. Try again in 15 minutes.",
    });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    // The same limit at /oauth2/revoke.
    const { accessToken } = (await clientCredentialsToken(clientId, clientSecret))!;
    const revoking = await revoke(
      new Request("http://localhost:3000/oauth2/revoke", { method: "POST", headers: { ...form, Authorization: basic(clientId, clientSecret) }, body: `token=${accessToken}` }),
    );
    expect((await errorOf(revoking)).status).toBe(429);
  });

  it("counts failures at /oauth2/revoke against the same client", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    const { accessToken } = (await clientCredentialsToken(clientId, clientSecret))!;
    for (let i = 0; i < 10; i++) {
      const response = await revoke(
        new Request("http://localhost:3000/oauth2/revoke", { method: "POST", headers: { ...form, Authorization: basic(clientId, "wrong") }, body: `token=${accessToken}` }),
      );
      expect(response.status).toBe(401);
    }
    expect((await tokenRequest(clientId, clientSecret, ownAddress())).status).toBe(429);
  });

  it("counts only failures: tokens issued in between do not use up the limit", async () => {
    const { clientId, clientSecret } = await clientWithKeys();
    const ip = ownAddress();
    for (let i = 0; i < 9; i++) expect((await tokenRequest(clientId, "wrong", ip)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await tokenRequest(clientId, clientSecret, ip)).status).toBe(200);
    expect((await tokenRequest(clientId, "wrong", ip)).status).toBe(401);
    expect((await tokenRequest(clientId, clientSecret, ip)).status).toBe(429);
  });

  it("after 30 failures from one address, of any client ids, that address is refused for every client; others are not", async () => {
    const ip = ownAddress();
    for (let i = 0; i < 30; i++) expect((await tokenRequest(unique("no-such-client-"), "x", ip)).status).toBe(401);
    const { clientId, clientSecret } = await clientWithKeys();
    expect((await tokenRequest(clientId, clientSecret, ip)).status).toBe(429);
    expect((await tokenRequest(clientId, clientSecret, ownAddress())).status).toBe(200);
  });
});
