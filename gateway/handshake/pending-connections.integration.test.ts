// The bounds on connections still in their handshake, on real sockets: idle TCP connections to
// the wss port that never start TLS are cut after the TLS handshake timeout; over the bound per
// client address, or in all, a new connection is closed at once (a plain one told 503); the
// admin port and a connection already relayed keep serving meanwhile.
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseIpRangeList } from "../../lib/ip-ranges";
import type { Gateway } from "../server";
import { openOk, recordingBackend, roundTrip, servedApi, testGateway, type RecordingBackend } from "../testing/harness";
import { selfSignedCertificate } from "../tls";

let gateway: Gateway & { url: string };
let backend: RecordingBackend;
let dir: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "duplex-pending-"));
  const certificate = await selfSignedCertificate(dir);
  gateway = await testGateway({ adminPort: 0, tls: { port: 0, ...certificate, handshakeTimeoutMs: 1500 }, pending: { max: 5, perAddress: 3 } });
  backend = await recordingBackend();
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await gateway?.close();
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A TCP connection from `localAddress` that sends nothing. */
async function idle(port: number, localAddress = "127.0.0.1"): Promise<{ socket: Socket; closed: Promise<unknown>; received: () => string }> {
  const socket = connect({ port, host: "127.0.0.1", localAddress });
  sockets.push(socket);
  let text = "";
  socket.on("data", (d: Buffer) => (text += d.toString("latin1")));
  socket.on("error", () => {});
  const closed = once(socket, "close");
  await once(socket, "connect");
  return { socket, closed, received: () => text };
}

const pendingNow = () => fetch(`http://127.0.0.1:${gateway.adminPort}/metrics`).then((r) => r.text()).then((t) => Number(/^duplex_gateway_pending_connections (\d+)/m.exec(t)?.[1]));

describe("connections still in their handshake", () => {
  it("bounds them per address and in all, cuts stalled TLS handshakes, and keeps the admin port and relayed connections serving", async () => {
    const served = await servedApi(gateway, backend.url);
    const relayed = await openOk(served.url, { token: served.token });
    const tlsPort = gateway.tlsPort!;

    // Three from 127.0.0.1 fill that address's bound: a fourth is closed at once.
    const fromOne = await Promise.all([idle(tlsPort), idle(tlsPort), idle(tlsPort)]);
    await expect.poll(pendingNow).toBe(3);
    const fourth = await idle(tlsPort);
    await fourth.closed;
    // On the plain port the same address is told why.
    const plain = await idle(gateway.port);
    await plain.closed;
    expect(plain.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(plain.received()).toContain('"error":"too_many_pending"');

    // Two more from another address reach the bound in all: a third address is refused too.
    const fromTwo = await Promise.all([idle(tlsPort, "127.0.0.2"), idle(tlsPort, "127.0.0.2")]);
    await expect.poll(pendingNow).toBe(5);
    const third = await idle(tlsPort, "127.0.0.3");
    await third.closed;

    // Meanwhile the admin port answers and the relayed connection carries messages.
    expect((await fetch(`http://127.0.0.1:${gateway.adminPort}/healthz`)).status).toBe(200);
    expect((await roundTrip(relayed, "still relayed")).data.toString()).toBe("still relayed");
    const metrics = await (await fetch(`http://127.0.0.1:${gateway.adminPort}/metrics`)).text();
    expect(Number(/^duplex_gateway_pending_refused_total (\d+)/m.exec(metrics)?.[1])).toBe(3);

    // None of them started TLS: the handshake timeout cuts them all, and the bound frees up.
    await Promise.all([...fromOne, ...fromTwo].map((c) => c.closed));
    await expect.poll(pendingNow).toBe(0);
    const again = await openOk(served.url, { token: served.token });
    again.close();
    relayed.close();
  });

  it("does not hold a trusted proxy to the per-address bound: its connections are many clients'", async () => {
    const proxies = parseIpRangeList("127.0.0.1");
    const behindProxy = await testGateway({ adminPort: 0, pending: { max: 10, perAddress: 1 }, trustedProxies: proxies.ok ? proxies.ranges : [] });
    const [a, b] = await Promise.all([idle(behindProxy.port), idle(behindProxy.port)]);
    const other = await idle(behindProxy.port, "127.0.0.2");
    const refused = await idle(behindProxy.port, "127.0.0.2");
    await refused.closed;
    const metrics = await (await fetch(`http://127.0.0.1:${behindProxy.adminPort}/metrics`)).text();
    expect(Number(/^duplex_gateway_pending_connections (\d+)/m.exec(metrics)?.[1])).toBe(3);
    for (const c of [a, b, other]) c.socket.destroy();
    await behindProxy.close();
  });
});
