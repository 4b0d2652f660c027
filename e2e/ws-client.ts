// A WebSocket client as a user's program would be: it connects to the gateway and tells
// how the handshake went.
import { once } from "node:events";
import { expect, type APIRequestContext } from "@playwright/test";
import WebSocket from "ws";

export type Handshake = { ok: true; socket: WebSocket } | { ok: false; status: number; body: string };

export function connect(url: string, headers: Record<string, string> = {}): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once("open", () => resolve({ ok: true, socket }));
    socket.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk));
      res.on("end", () => resolve({ ok: false, status: res.statusCode ?? 0, body }));
    });
    socket.once("error", reject);
  });
}

/** One handshake's outcome as a test compares it: "101", or the status and the body's error code ("403 blocked"); an opened socket is closed. */
export async function handshakeOutcome(url: string, headers: Record<string, string>): Promise<string> {
  const attempt = await connect(url, headers);
  if (attempt.ok) attempt.socket.close();
  return attempt.ok ? "101" : `${attempt.status} ${JSON.parse(attempt.body).error}`;
}

/** Sends one text message and waits for the next one back. */
export async function roundTrip(socket: WebSocket, text: string): Promise<string> {
  const reply = once(socket, "message");
  socket.send(text);
  const [data] = await reply;
  return String(data);
}

/**
 * Connects once the gateway admits the client: what a test just set up (keys, a subscription)
 * reaches the gateway with its notification, so a client tries until it is let in. Returns the
 * open socket and how it will close.
 */
export async function connectWhenAdmitted(url: string, headers: Record<string, string>): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  let last: Handshake | undefined;
  await expect
    .poll(async () => {
      last = await connect(url, headers);
      return last.ok ? "101" : `${last.status} ${last.body}`;
    })
    .toBe("101");
  if (!last?.ok) throw new Error("no connection");
  const socket = last.socket;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once("close", (code: number, reason: Buffer) => resolve({ code, reason: String(reason) })));
  return { socket, closed };
}

/**
 * An access token from the portal's token endpoint, as a client's program gets one: the portal
 * is the issuer the gateway trusts (a token signed in the test's own process is not).
 */
export async function issuedToken(request: APIRequestContext, keys: { consumerKey: string; consumerSecret: string }): Promise<string> {
  const basic = Buffer.from(`${keys.consumerKey}:${keys.consumerSecret}`).toString("base64");
  const issued = await request.post("/oauth2/token", { form: { grant_type: "client_credentials" }, headers: { Authorization: `Basic ${basic}` } });
  expect(issued.status()).toBe(200);
  return (await issued.json()).access_token;
}
