// A stopping gateway closes the client's side first: what the client sent before it read the
// gateway's close still reaches the backend, and the backend is closed (1001) once the client's
// close handshake is done. Before, both sides were closed at once and the client's last
// messages were dropped at the gateway.
import { once } from "node:events";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Opcode } from "./frame-parser";
import { servedApi, testGateway } from "../testing/harness";
import { closeBody, frame, rawBackend, rawClient, type RawPeer } from "../testing/raw-peers";

let backend: Awaited<ReturnType<typeof rawBackend>>;
beforeAll(async () => {
  backend = await rawBackend();
});
afterAll(() => backend?.close());

async function nextFrame(peer: RawPeer, index: number) {
  return (await peer.reader.until(index + 1))[index];
}

it("closes the client first, relays what it sent before its close reply, then closes the backend with 1001", async () => {
  const gateway = await testGateway({ shutdownGraceMs: 10_000 });
  const served = await servedApi(gateway, backend.url);
  const reached = backend.next();
  const client = await rawClient(gateway.port, served.path, { Authorization: `Bearer ${served.token}` });
  const server = await reached;
  client.socket.write(frame(Opcode.Text, "before", { mask: true }));
  expect((await nextFrame(server, 0)).payload.toString()).toBe("before");

  const stopped = gateway.close();
  const toClient = await nextFrame(client, 0);
  expect([toClient.opcode, toClient.payload.readUInt16BE(0), toClient.payload.subarray(2).toString()]).toEqual([Opcode.Close, 1001, "Gateway shutting down"]);
  // Sent before the client read the gateway's close: on its way, and the backend's to have.
  client.socket.write(frame(Opcode.Text, "in flight", { mask: true }));
  client.socket.write(frame(Opcode.Close, closeBody(1001), { mask: true }));

  const inFlight = await nextFrame(server, 1);
  expect([inFlight.opcode, inFlight.payload.toString()]).toEqual([Opcode.Text, "in flight"]);
  const toBackend = await nextFrame(server, 2);
  expect([toBackend.opcode, toBackend.payload.readUInt16BE(0), toBackend.payload.subarray(2).toString()]).toEqual([Opcode.Close, 1001, "Gateway shutting down"]);
  server.socket.end(frame(Opcode.Close, closeBody(1001)));
  await Promise.all([stopped, once(client.socket, "close")]);
});
