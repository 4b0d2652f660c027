import { describe, expect, it } from "vitest";
import { createApi, deleteApi } from "./apis";
import { db } from "./db";
import { DuplexError } from "./errors";
import { makeUser, publishedApi, subscribedClient, unique } from "./testing/fixtures";
import { listenForConfigChanges } from "./testing/notifications";
import { refusal } from "./testing/refusal";

function newApi(overrides: Record<string, unknown> = {}) {
  const name = unique("Api");
  return { name, context: `/${name.toLowerCase()}`, version: "1.0", ...overrides };
}

describe("createApi", () => {
  it("creates an API in CREATED with a /* topic, its endpoint and plans, and a Create history row", async () => {
    const creator = await makeUser(["CREATOR"]);
    const input = newApi({ endpoint: "ws://localhost:7070", plans: ["Gold", "Bronze"], description: "Prices." });
    const api = await createApi(creator, input);

    expect(api).toMatchObject({ name: input.name, context: input.context, version: "1.0", status: "CREATED", providerId: creator.id });
    const full = await db.api.findUniqueOrThrow({
      where: { id: api.id },
      include: { topics: true, endpoints: true, plans: { include: { plan: true } }, lifecycle: true },
    });
    expect(full.topics.map((t) => [t.name, t.publish, t.subscribe])).toEqual([["/*", true, true]]);
    expect(full.endpoints.map((e) => [e.type, e.url])).toEqual([["PRODUCTION", "ws://localhost:7070"]]);
    expect(full.plans.map((p) => p.plan.name).sort()).toEqual(["Bronze", "Gold"]);
    expect(full.lifecycle.map((l) => [l.fromStatus, l.toStatus, l.action, l.userId])).toEqual([[null, "CREATED", "Create", creator.id]]);
  });

  it("creates and publishes in one step for a publisher, recording both steps", async () => {
    const creator = await makeUser(["CREATOR", "PUBLISHER"]);
    const api = await createApi(creator, newApi({ endpoint: "ws://localhost:7070", plans: ["Gold"], publish: true }));
    expect(api.status).toBe("PUBLISHED");
    const history = await db.lifecycleEvent.findMany({ where: { apiId: api.id } });
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.action, h.userId])).toHaveLength(2);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.action, h.userId])).toEqual(
      expect.arrayContaining([
        [null, "CREATED", "Create", creator.id],
        ["CREATED", "PUBLISHED", "Publish", creator.id],
      ]),
    );
  });

  it("refuses a second API with the same name and version, on the name field", async () => {
    const creator = await makeUser(["CREATOR"]);
    const first = newApi();
    await createApi(creator, first);
    const e = await refusal(createApi(creator, { ...first, context: `/${unique("other")}` }));
    expect([e.code, e.field]).toEqual(["CONFLICT", "name"]);
  });

  it("takes the same name with another version", async () => {
    const creator = await makeUser(["CREATOR"]);
    const first = newApi();
    await createApi(creator, first);
    await expect(createApi(creator, { ...first, version: "2.0" })).resolves.toMatchObject({ name: first.name, version: "2.0" });
  });

  it("refuses a context and version already taken, on the context field", async () => {
    const creator = await makeUser(["CREATOR"]);
    const first = newApi();
    await createApi(creator, first);
    const e = await refusal(createApi(creator, newApi({ context: first.context })));
    expect([e.code, e.field]).toEqual(["CONFLICT", "context"]);
  });

  it("gives the loser of a race for one name the field message, not a database error", async () => {
    const creator = await makeUser(["CREATOR"]);
    const input = newApi();
    const results = await Promise.allSettled([createApi(creator, input), createApi(creator, input)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(DuplexError);
    expect((lost.reason as DuplexError).code).toBe("CONFLICT");
  });

  it("refuses create-and-publish to a creator without the publisher role, and writes nothing", async () => {
    const creator = await makeUser(["CREATOR"]);
    const input = newApi({ endpoint: "ws://localhost:7070", plans: ["Gold"], publish: true });
    const e = await refusal(createApi(creator, input));
    expect(e.code).toBe("FORBIDDEN");
    expect(await db.api.count({ where: { name: input.name } })).toBe(0);
  });

  it("refuses a subscriber", async () => {
    const subscriber = await makeUser(["SUBSCRIBER"]);
    expect((await refusal(createApi(subscriber, newApi()))).code).toBe("FORBIDDEN");
  });

  it("refuses to publish without plans or without an endpoint, and writes nothing", async () => {
    const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
    const noPlans = newApi({ endpoint: "ws://localhost:7070", plans: [], publish: true });
    const e = await refusal(createApi(publisher, noPlans));
    expect([e.code, e.field]).toEqual(["INVALID", "plans"]);
    const noEndpoint = newApi({ plans: ["Gold"], publish: true });
    const f = await refusal(createApi(publisher, noEndpoint));
    expect([f.code, f.field]).toEqual(["INVALID", "endpoint"]);
    expect(await db.api.count({ where: { name: { in: [noPlans.name, noEndpoint.name] } } })).toBe(0);
  });

  it("refuses an unknown business plan", async () => {
    const creator = await makeUser(["CREATOR"]);
    const e = await refusal(createApi(creator, newApi({ plans: ["Gold", "Platinum"] })));
    expect([e.code, e.field, e.message]).toEqual(["INVALID", "plans", "Unknown business plan: Platinum."]);
  });
});

describe("deleteApi", () => {
  it("deletes an API with its topics, endpoints, plans and history, and tells the gateways", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    const listener = await listenForConfigChanges();
    const notified = listener.next("api");
    await deleteApi(admin, api.id);
    await notified;
    await listener.close();
    expect(await db.api.count({ where: { id: api.id } })).toBe(0);
    expect(await db.topic.count({ where: { apiId: api.id } })).toBe(0);
    expect(await db.lifecycleEvent.count({ where: { apiId: api.id } })).toBe(0);
  });

  it("refuses while an application subscribes, saying why", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    await subscribedClient(api.id);
    const e = await refusal(deleteApi(admin, api.id));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toBe(`${api.name} 1.0 has 1 active subscription: it cannot be deleted until that application unsubscribes. Deprecate or block it to stop new traffic.`);
    expect(await db.api.count({ where: { id: api.id } })).toBe(1);
  });

  it("refuses a publisher without the creator role", async () => {
    const { api } = await publishedApi("ws://localhost:7070");
    expect((await refusal(deleteApi(await makeUser(["PUBLISHER"]), api.id))).code).toBe("FORBIDDEN");
  });
});

describe("createApi with a sandbox endpoint", () => {
  it("creates both endpoints", async () => {
    const creator = await makeUser(["CREATOR"]);
    const api = await createApi(creator, newApi({ endpoint: "ws://localhost:7070", sandboxEndpoint: "ws://localhost:7071" }));
    const rows = await db.endpoint.findMany({ where: { apiId: api.id }, orderBy: { type: "asc" } });
    expect(rows.map((r) => [r.type, r.url])).toEqual([["PRODUCTION", "ws://localhost:7070"], ["SANDBOX", "ws://localhost:7071"]]);
  });
});
