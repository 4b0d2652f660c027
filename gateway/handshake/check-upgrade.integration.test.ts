// RFC 6455 §4.2.1–4.2.2 on real sockets: each required part of the opening handshake missing
// or wrong gets its own answer before any API is looked up, and a version other than 13 is
// told which one the gateway speaks (426 with Sec-WebSocket-Version: 13), where a `ws`
// server reached directly upgrades version 8 and answers the rest with 400.
import { once } from "node:events";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { closeWebSocketServer, testGateway } from "../testing/harness";
import type { Gateway } from "../server";

let gateway: Gateway & { url: string };
let direct: WebSocketServer;

beforeAll(async () => {
  gateway = await testGateway();
  direct = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(direct, "listening");
});
afterAll(async () => {
  await Promise.all([gateway?.close(), direct && closeWebSocketServer(direct)]);
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const valid = ["Host: gateway", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"];

/** Sends a request head and reads the status line, headers and body of the answer. */
async function ask(port: number, requestLine: string, headers: string[]): Promise<Answer> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  const parts: Buffer[] = [];
  socket.on("data", (d: Buffer) => {
    parts.push(d);
    // A 101 keeps the connection: its head is all there is to read.
    if (Buffer.concat(parts).toString("latin1").startsWith("HTTP/1.1 101") && Buffer.concat(parts).includes("\r\n\r\n")) socket.destroy();
  });
  const closed = once(socket, "close");
  socket.write(`${requestLine}\r\n${headers.join("\r\n")}\r\n\r\n`);
  await closed;
  const text = Buffer.concat(parts).toString("latin1");
  const [head, body = ""] = text.split("\r\n\r\n");
  const [status, ...lines] = head.split("\r\n");
  const fields = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
  return { status: Number(status.split(" ")[1]), headers: fields, body };
}

const without = (name: string, ...extra: string[]) => [...valid.filter((h) => !h.startsWith(`${name}:`)), ...extra];
const directPort = () => (direct.address() as AddressInfo).port;

describe("Sec-WebSocket-Version", () => {
  it.each([["8"], ["12"], ["14"]])("answers version %s with 426 and the version it speaks; ws alone upgrades 8", async (version) => {
    const answer = await ask(gateway.port, "GET /any/1.0 HTTP/1.1", without("Sec-WebSocket-Version", `Sec-WebSocket-Version: ${version}`));
    expect(answer.status).toBe(426);
    expect(answer.headers["sec-websocket-version"]).toBe("13");
    expect(JSON.parse(answer.body)).toEqual({ error: "unsupported_websocket_version", message: "This gateway speaks WebSocket version 13 (RFC 6455): send Sec-WebSocket-Version: 13." });
    const wsAlone = await ask(directPort(), "GET / HTTP/1.1", without("Sec-WebSocket-Version", `Sec-WebSocket-Version: ${version}`));
    expect(wsAlone.status).toBe(version === "8" ? 101 : 400);
  });

  it("answers a handshake without a version with 426 too", async () => {
    const answer = await ask(gateway.port, "GET /any/1.0 HTTP/1.1", without("Sec-WebSocket-Version"));
    expect(answer).toMatchObject({ status: 426, headers: { "sec-websocket-version": "13" } });
  });
});

describe("the other required parts, each with its own message", () => {
  it.each([
    ["HTTP/1.0", "GET /any/1.0 HTTP/1.0", valid, "A WebSocket handshake needs HTTP/1.1."],
    ["no Host", "GET /any/1.0 HTTP/1.1", without("Host"), "The Host header is missing."],
    ["Upgrade: h2c", "GET /any/1.0 HTTP/1.1", without("Upgrade", "Upgrade: h2c"), "The Upgrade header must be websocket."],
    ["no Connection: Upgrade", "GET /any/1.0 HTTP/1.1", without("Connection", "Connection: keep-alive"), "The Connection header must include Upgrade."],
    ["a short key", "GET /any/1.0 HTTP/1.1", without("Sec-WebSocket-Key", "Sec-WebSocket-Key: c2hvcnQ="), "The Sec-WebSocket-Key header is missing or is not 16 bytes in base64."],
    ["no key", "GET /any/1.0 HTTP/1.1", without("Sec-WebSocket-Key"), "The Sec-WebSocket-Key header is missing or is not 16 bytes in base64."],
    ["a Content-Length", "GET /any/1.0 HTTP/1.1", [...valid, "Content-Length: 5"], "A WebSocket handshake has no body: send neither Content-Length nor Transfer-Encoding."],
    ["a Transfer-Encoding", "GET /any/1.0 HTTP/1.1", [...valid, "Transfer-Encoding: chunked"], "A WebSocket handshake has no body: send neither Content-Length nor Transfer-Encoding."],
  ])("%s: 400 invalid_request", async (_, requestLine, headers, message) => {
    const answer = await ask(gateway.port, requestLine, headers);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: "invalid_request", message });
  });

  it("answers a POST with 405 before anything else", async () => {
    const answer = await ask(gateway.port, "POST /any/1.0 HTTP/1.1", without("Host"));
    expect(answer.status).toBe(405);
  });

  it("goes on to the route once the handshake is well formed", async () => {
    const answer = await ask(gateway.port, "GET /no-such-api/1.0 HTTP/1.1", valid);
    expect(answer.status).toBe(404);
  });
});
