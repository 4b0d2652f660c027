// A topic's operations at the gateway (AsyncAPI's Publish and Subscribe): a client message on a
// topic without Publish, or a backend message on one without Subscribe, goes nowhere; the
// client is told why (once a minute) or, as the API's Runtime settings say, the connection
// closes with 1008. A topic with both passes everything, as before.
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { updateApiRuntime } from "../../lib/api-runtime";
import { closed, deploy, openOk, roundTrip, servedApi, gatewayWithBackend, withinOneMinute } from "../testing/harness";

const { gateway, backend } = gatewayWithBackend();

/** Deploys the API with a topic of these operations, as a creator and a publisher would. */
async function withTopic(served: Awaited<ReturnType<typeof servedApi>>, topic: { name: string; publish: boolean; subscribe: boolean }) {
  await db.topic.create({ data: { apiId: served.api.id, ...topic } });
  await deploy(gateway, served.api, served.admin, (s) => s.routes.get(served.path)?.topics.exact.get(topic.name)?.publish === topic.publish);
}

describe("topic operations", () => {
  it("drops a client's message on a topic without Publish and tells the client once, while the backend's messages still arrive", async () => {
    const served = await servedApi(gateway, backend.url);
    await withTopic(served, { name: "/prices", publish: false, subscribe: true });
    await withinOneMinute();
    const ws = await openOk(`${served.url}/prices`, { token: served.token });
    const backendSide = backend.sockets.at(-1)!;
    const received: string[] = [];
    backendSide.on("message", (m) => received.push(m.toString()));
    const notice = await roundTrip(ws, "buy");
    expect(JSON.parse(notice.data.toString())).toEqual({ error: "wrong_direction", message: "The topic /prices takes no messages from clients: it has no Publish operation." });
    // A second one in the same minute is dropped without a word: the next thing the client reads is the backend's.
    ws.send("sell");
    const next = once(ws, "message");
    backendSide.send("tick");
    expect((await next)[0].toString()).toBe("tick");
    expect(received).toEqual([]);
    ws.close();
  });

  it("drops a backend's message on a topic without Subscribe, and passes the client's", async () => {
    const served = await servedApi(gateway, backend.url);
    await withTopic(served, { name: "/orders", publish: true, subscribe: false });
    const ws = await openOk(`${served.url}/orders`, { token: served.token });
    const backendSide = backend.sockets.at(-1)!;
    const reached = once(backendSide, "message");
    const seen: string[] = [];
    ws.on("message", (m) => seen.push(m.toString()));
    // The recording backend echoes: the echo is the backend's message, and goes nowhere.
    ws.send("order 1");
    expect((await reached)[0].toString()).toBe("order 1");
    const pong = once(ws, "pong");
    ws.ping();
    await pong;
    expect(seen).toEqual([]);
    ws.close();
  });

  it("closes with 1008 when the API's Runtime settings say so; the backend gets 1001", async () => {
    const served = await servedApi(gateway, backend.url);
    await updateApiRuntime(served.admin, served.api.id, { wrongDirection: "close" });
    await withTopic(served, { name: "/feed", publish: false, subscribe: true });
    await gateway.store.until((s) => s.routes.get(served.path)?.runtime.wrongDirection === "close");
    const ws = await openOk(`${served.url}/feed`, { token: served.token });
    const backendSide = backend.sockets.at(-1)!;
    const backendClosed = once(backendSide, "close");
    const clientClosed = closed(ws);
    ws.send("not allowed");
    expect(await clientClosed).toEqual({ code: 1008, reason: "The topic has no Publish operation." });
    const [code, reason] = (await backendClosed) as [number, Buffer];
    expect([code, reason.toString()]).toEqual([1001, "Client access ended"]);
  });
});
