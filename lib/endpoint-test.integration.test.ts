// The endpoint Test with real sockets on loopback: loopback is allowed here through the
// allow-list, a deny rule inside it wins, refused addresses are never connected to, the
// connection is pinned to the address that was checked, and the attempt is boxed in time and size.
import { once } from "node:events";
import { createServer, type AddressInfo, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseIpRangeList, type IpRange } from "./ip-ranges";
import { defaultEndpointConfig } from "./endpoint-config";
import { openEndpointTest } from "./endpoint-test";
import type { AddressPolicy, Lookup } from "./endpoint-test-policy";
import { testEndpoint } from "./endpoints";
import { makeUser } from "./testing/fixtures";
import { WebSocketServer } from "ws";

const ranges = (text: string): IpRange[] => (parseIpRangeList(text) as { ok: true; ranges: IpRange[] }).ranges;
// 169.254.0.0/16 is allowed too, to show that the fixed refusals win over the allow-list.
const policy: AddressPolicy = { allow: ranges("127.0.0.0/8, ::1, 169.254.0.0/16"), deny: ranges("127.0.0.2") };
const config = (overrides: Partial<typeof defaultEndpointConfig> = {}) => ({ ...defaultEndpointConfig, ...overrides });

/** A WebSocket backend on `host` counting the TCP connections it accepted. */
async function backendOn(host: string) {
  const server = new WebSocketServer({ host, port: 0 });
  await once(server, "listening");
  let connections = 0;
  server.on("connection", () => (connections += 1));
  const { port } = server.address() as AddressInfo;
  return { port, connections: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A TCP listener counting what connects to it, answering nothing, or `answer` to the first bytes it reads. */
async function tcpOn(host: string, answer?: (socket: import("node:net").Socket) => void) {
  let connections = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("error", () => {});
    if (answer) socket.once("data", () => answer(socket));
  });
  server.listen(0, host);
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

let loopback: Awaited<ReturnType<typeof backendOn>>;
beforeAll(async () => {
  loopback = await backendOn("127.0.0.1");
});
afterAll(async () => {
  await loopback.close();
});

describe("the endpoint Test's address rules, on real sockets", () => {
  it("connects to an allowed loopback backend", async () => {
    const before = loopback.connections();
    const result = await openEndpointTest(`ws://127.0.0.1:${loopback.port}`, config(), { policy });
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/^The endpoint answered the WebSocket handshake in \d+ ms\.$/) });
    expect(loopback.connections()).toBe(before + 1);
  });

  it("refuses an address ENDPOINT_TEST_DENY names inside the allowed range, without connecting to it", async () => {
    const denied = await tcpOn("127.0.0.2");
    const result = await openEndpointTest(`ws://127.0.0.2:${denied.port}`, config(), { policy });
    expect(result).toEqual({ ok: false, message: "Refused: 127.0.0.2 is in ENDPOINT_TEST_DENY (127.0.0.2)." });
    expect(denied.connections()).toBe(0);
    await denied.close();
  });

  it("refuses an address outside ENDPOINT_TEST_ALLOW", async () => {
    expect(await openEndpointTest("ws://10.20.30.40:8080", config(), { policy })).toEqual({
      ok: false,
      message: "Refused: 10.20.30.40 is outside the ranges ENDPOINT_TEST_ALLOW permits (127.0.0.0/8, ::1, 169.254.0.0/16).",
    });
  });

  it.each(["ws://169.254.169.254/latest/meta-data", "ws://[::ffff:169.254.169.254]/", "ws://[fe80::1]:8080", "ws://[fd00:ec2::254]/"])(
    "refuses %s always, though the allow-list names link-local",
    async (url) => {
      const result = await openEndpointTest(url, config(), { policy });
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/^Refused: .* the Test never connects there\.$/);
    },
  );

  it("refuses a name when any of its addresses is refused", async () => {
    const lookup: Lookup = async () => [
      { address: "127.0.0.1", family: 4 },
      { address: "169.254.169.254", family: 4 },
    ];
    const result = await openEndpointTest(`ws://two-faced.test:${loopback.port}`, config(), { policy, lookup });
    expect(result).toEqual({
      ok: false,
      message: "Refused: two-faced.test resolves to 169.254.169.254, which is link-local, where cloud metadata services (169.254.169.254) answer: the Test never connects there.",
    });
  });

  it("connects to the address it checked: a name that resolves elsewhere the second time (DNS rebinding) is asked once", async () => {
    let asked = 0;
    const rebinding: Lookup = async () => {
      asked += 1;
      return [{ address: asked === 1 ? "127.0.0.1" : "169.254.169.254", family: 4 }];
    };
    const before = loopback.connections();
    const result = await openEndpointTest(`ws://rebinding.test:${loopback.port}`, config(), { policy, lookup: rebinding });
    expect(result.ok).toBe(true);
    expect(asked).toBe(1);
    expect(loopback.connections()).toBe(before + 1);
  });

  it("with the default settings, testEndpoint refuses the metadata address to a creator", async () => {
    const creator = await makeUser(["CREATOR"]);
    const result = await testEndpoint(creator, { url: "ws://169.254.169.254/", config: config() });
    expect(result).toEqual({ ok: false, message: "Refused: 169.254.169.254 is link-local, where cloud metadata services (169.254.169.254) answer: the Test never connects there." });
  });
});

describe("the endpoint Test's boxes", () => {
  it("gives up on a name that does not resolve within the connect timeout", async () => {
    const never: Lookup = () => new Promise(() => {});
    expect(await openEndpointTest("ws://slow-dns.test/", config({ connectTimeoutMs: 300 }), { policy, lookup: never })).toEqual({
      ok: false,
      message: "No answer within the connect timeout (300 ms).",
    });
  });

  it("stops reading an answer with more than 16 KiB of headers", async () => {
    const flood = await tcpOn("127.0.0.1", (socket) => socket.write(`HTTP/1.1 101 Switching Protocols\r\nX-Filler: ${"a".repeat(100 * 1024)}\r\n\r\n`));
    const result = await openEndpointTest(`ws://127.0.0.1:${flood.port}`, config(), { policy });
    expect(result).toEqual({ ok: false, message: "The endpoint's answer had more than 16 KiB of headers; the Test stopped reading." });
    await flood.close();
  });

  it("cuts a long status line's reason short", async () => {
    const chatty = await tcpOn("127.0.0.1", (socket) => socket.end(`HTTP/1.1 403 ${"No ".repeat(200)}\r\nContent-Length: 0\r\n\r\n`));
    const result = await openEndpointTest(`ws://127.0.0.1:${chatty.port}`, config(), { policy });
    expect(result.ok).toBe(false);
    expect(result.message.startsWith("The endpoint answered HTTP 403 No No")).toBe(true);
    expect(result.message.length).toBeLessThan(200);
    await chatty.close();
  });
});
