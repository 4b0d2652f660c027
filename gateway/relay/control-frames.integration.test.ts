// Pings and pongs are bounded per connection, and count against the plan's event limit when
// the gateway says so: a ping flood from a client is not the backend's to stop.
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Opcode } from "./frame-parser";
import { closed, onPlan, openOk, servedApi, testGateway } from "../testing/harness";
import { rawBackend, type RawPeer } from "../testing/raw-peers";

let backend: Awaited<ReturnType<typeof rawBackend>>;
beforeAll(async () => {
  backend = await rawBackend();
});
afterAll(() => backend?.close());

/** The frames a backend connection got up to and including the close frame that ends them. */
async function framesUntilClose(peer: RawPeer) {
  while (!peer.reader.frames.some((f) => f.opcode === Opcode.Close)) await peer.reader.until(peer.reader.frames.length + 1);
  return peer.reader.frames;
}

describe("control frames", () => {
  it("closes a client that sends more pings and pongs a minute than GATEWAY_MAX_CONTROL_FRAMES_PER_MINUTE with 1008", async () => {
    const gateway = await testGateway({ controlFrames: { maxPerMinute: 5, countAsEvents: false } });
    const served = await servedApi(gateway, backend.url);
    const reached = backend.next();
    const ws = await openOk(served.url, { token: served.token });
    const peer = await reached;
    const clientClosed = closed(ws);
    for (let i = 0; i < 20; i++) ws.ping(`p${i}`);
    expect(await clientClosed).toEqual({ code: 1008, reason: "Too many control frames" });
    const frames = await framesUntilClose(peer);
    expect(frames.filter((f) => f.opcode === Opcode.Ping).map((f) => f.payload.toString())).toEqual(["p0", "p1", "p2", "p3", "p4"]);
    expect(frames.at(-1)?.payload.subarray(2).toString()).toBe("Client access ended");
    await gateway.close();
  });

  it("counts pings against the plan's event limit with GATEWAY_CONTROL_FRAMES_ARE_EVENTS", async () => {
    const gateway = await testGateway({ throttleAction: "drop", redisUrl: "", controlFrames: { maxPerMinute: 0, countAsEvents: true } });
    const served = await servedApi(gateway, backend.url);
    await onPlan(gateway, served, { eventCount: 3, timeUnit: "DAY" });
    const reached = backend.next();
    const ws = await openOk(served.url, { token: served.token });
    const peer = await reached;
    const notice = once(ws, "message");
    for (let i = 0; i < 10; i++) ws.ping(`p${i}`);
    expect(JSON.parse(((await notice)[0] as Buffer).toString())).toMatchObject({ error: "throttled" });
    ws.close(1000, "done");
    const frames = await framesUntilClose(peer);
    expect(frames.filter((f) => f.opcode === Opcode.Ping).map((f) => f.payload.toString())).toEqual(["p0", "p1", "p2"]);
    peer.socket.destroy();
    await gateway.close();
  });
});
