// A business plan as an admin defines it (Admin → Business plans), obeyed by the gateway:
// burst control inside the window, bandwidth, the plan's own action over a limit, and an edit
// of the plan (or a move to another) reaching connections already open.
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { updatePlan } from "../../lib/plans";
import { subscriptionKey } from "../config/snapshot";
import { closed, gatewayWithBackend, onPlan, openOk, roundTrip, servedApi, withinOneMinute } from "../testing/harness";

const { gateway, backend } = gatewayWithBackend({ throttleAction: "drop", redisUrl: "" });

const notice = (data: Buffer) => JSON.parse(data.toString()) as { error: string; message: string };

describe("a plan's limits at the gateway", () => {
  it("holds burst control inside the window: over N per minute a message is dropped with the burst's notice", async () => {
    const served = await servedApi(gateway, backend.url);
    const plan = await onPlan(gateway, served, { eventCount: 1000, timeUnit: "DAY", burstLimit: 3, burstTimeUnit: "MINUTE" });
    await withinOneMinute();
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "one")).data.toString()).toBe("one"); // events 1 and 2
    const reached = once(backend.sockets.at(-1)!, "message");
    // Event 3 reaches the backend; its echo, event 4, is over the burst.
    const reply = await roundTrip(ws, "two");
    expect((await reached)[0].toString()).toBe("two");
    expect(notice(reply.data)).toEqual({ error: "throttled", message: `The ${plan.name} plan allows at most 3 events per minute; messages are dropped until the next minute.` });
    ws.close();
  });

  it("counts payload bytes both ways against the plan's bandwidth, and drops what comes once it is spent", async () => {
    const served = await servedApi(gateway, backend.url);
    const plan = await onPlan(gateway, served, { eventCount: null, timeUnit: "DAY", bandwidthAmount: 1, bandwidthDataUnit: "KB", bandwidthTimeUnit: "DAY" });
    const ws = await openOk(served.url, { token: served.token });
    // 600 bytes up and 600 back: the echo starts within 1 KB and passes whole.
    expect((await roundTrip(ws, Buffer.alloc(600, 1))).data.length).toBe(600);
    const reply = await roundTrip(ws, "more");
    expect(notice(reply.data)).toEqual({ error: "throttled", message: `The ${plan.name} plan allows 1 KB per day; messages are dropped until the next day.` });
    ws.close();
  });

  it("closes with 4429 when the plan's action is close, whatever the gateway's default", async () => {
    const served = await servedApi(gateway, backend.url);
    await onPlan(gateway, served, { eventCount: 2, timeUnit: "DAY", throttleAction: "CLOSE" });
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "a")).data.toString()).toBe("a");
    const clientClosed = closed(ws);
    ws.send("b");
    expect(await clientClosed).toEqual({ code: 4429, reason: "Event limit reached" });
  });

  it("holds an open connection to the plan as an admin edits it, with what passed before the edit counted", async () => {
    const served = await servedApi(gateway, backend.url);
    const plan = await onPlan(gateway, served, { eventCount: 1000, timeUnit: "DAY" });
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "1")).data.toString()).toBe("1"); // events 1 and 2 of 1000

    await updatePlan(served.admin, plan.id, { displayName: "", description: "", eventCount: 3, timeUnit: "DAY" });
    await gateway.store.until((s) => s.subscriptions.get(subscriptionKey(served.app.id, served.api.id))?.plan.eventCount === 3);
    // Event 3 of 3 passes; its echo does not.
    const reached = once(backend.sockets.at(-1)!, "message");
    const reply = await roundTrip(ws, "2");
    expect((await reached)[0].toString()).toBe("2");
    expect(notice(reply.data)).toEqual({ error: "throttled", message: `The ${plan.name} plan allows 3 events per day; messages are dropped until the next day.` });

    // Raised again, the same connection passes messages at once.
    await updatePlan(served.admin, plan.id, { displayName: "", description: "", eventCount: 100, timeUnit: "DAY" });
    await gateway.store.until((s) => s.subscriptions.get(subscriptionKey(served.app.id, served.api.id))?.plan.eventCount === 100);
    expect((await roundTrip(ws, "3")).data.toString()).toBe("3");
    ws.close();
  });

  it("holds an open connection to the limits of the plan its subscription moves to, and to its action", async () => {
    const served = await servedApi(gateway, backend.url);
    await onPlan(gateway, served, { eventCount: null, timeUnit: "DAY" });
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "1")).data.toString()).toBe("1");

    await onPlan(gateway, served, { eventCount: 1, timeUnit: "DAY", throttleAction: "CLOSE" });
    const clientClosed = closed(ws);
    ws.send("2");
    expect(await clientClosed).toEqual({ code: 4429, reason: "Event limit reached" });
  });
});
