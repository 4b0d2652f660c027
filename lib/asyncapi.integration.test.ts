import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { definitionText, importDefinition, saveDefinition } from "./asyncapi";
import { db } from "./db";
import { makeUser, publishedApi } from "./testing/fixtures";

describe("saveDefinition", () => {
  it("turns the channels into the API's topics and keeps the text", async () => {
    const { admin, api } = await publishedApi("ws://localhost:1");
    const doc = YAML.parse(await definitionText(admin, api.id));
    doc.channels = {
      "/rooms/{roomId}": { publish: { message: { payload: { type: "object" } } }, "x-uri-mapping": "/room/{roomId}", parameters: { roomId: { schema: { type: "string" } } } },
      "/notices": { subscribe: { message: { payload: { type: "string" } } } },
    };
    const text = YAML.stringify(doc);
    expect(await saveDefinition(admin, api.id, text)).toEqual({ errors: [] });
    const topics = await db.topic.findMany({ where: { apiId: api.id }, orderBy: { name: "asc" } });
    expect(topics.map((t) => [t.name, t.publish, t.subscribe, t.urlMapping])).toEqual([
      ["/notices", false, true, null],
      ["/rooms/{roomId}", true, false, "/room/{roomId}"],
    ]);
    expect((await db.api.findUniqueOrThrow({ where: { id: api.id } })).asyncApiDefinition).toBe(text);
    // The payload the creator wrote survives regeneration.
    expect(YAML.parse(await definitionText(admin, api.id)).channels["/rooms/{roomId}"].publish.message.payload).toEqual({ type: "object" });
  });

  it("refuses an invalid document and changes nothing", async () => {
    const { admin, api } = await publishedApi("ws://localhost:1");
    const { errors } = await saveDefinition(admin, api.id, "asyncapi: 2.6.0\ninfo:\n  title: x\nchannels: {}\n");
    expect(errors.length).toBeGreaterThan(0);
    const bad = await saveDefinition(admin, api.id, YAML.stringify({ asyncapi: "2.6.0", info: { title: "x", version: "1" }, channels: { "no-slash": { publish: { message: { payload: { type: "string" } } } } } }));
    expect(bad.errors[0].message).toContain("starts with '/'");
    expect((await db.topic.findMany({ where: { apiId: api.id } })).map((t) => t.name)).toEqual(["/*"]);
  });

  it("is refused to a subscriber", async () => {
    const { api } = await publishedApi("ws://localhost:1");
    const subscriber = await makeUser(["SUBSCRIBER"]);
    await expect(saveDefinition(subscriber, api.id, "")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("importDefinition", () => {
  const v3 = (title: string) =>
    YAML.stringify({
      asyncapi: "3.0.0",
      info: { title, version: "2.1", description: "Prices as they move", tags: [{ name: "Markets" }, { name: "not/a tag" }] },
      channels: {
        ticks: { address: "/ticks/{symbol}", parameters: { symbol: {} }, messages: { tick: { payload: { type: "number" } } } },
        orders: { address: "/orders", messages: { order: { payload: { type: "object" } } } },
      },
      operations: {
        listen: { action: "send", channel: { $ref: "#/channels/ticks" } },
        place: { action: "receive", channel: { $ref: "#/channels/orders" } },
      },
    });

  it("creates an API from a 3.0 document: info names it, channels become topics, the text is kept", async () => {
    const creator = await makeUser(["CREATOR"]);
    const title = `Ticker ${Date.now()}`;
    const text = v3(title);
    const context = `/ticker${Date.now()}`;
    const { errors, api } = await importDefinition(creator, { text, context, endpoint: "ws://localhost:1" });
    expect(errors).toEqual([]);
    const saved = await db.api.findUniqueOrThrow({ where: { id: api!.id }, include: { topics: { orderBy: { name: "asc" } }, endpoints: true } });
    expect(saved).toMatchObject({ name: title, version: "2.1", description: "Prices as they move", context, status: "CREATED", asyncApiDefinition: text.trim() });
    // Tags Duplex can hold come along, lower-cased; the others are left out.
    expect(saved.tags).toEqual(["markets"]);
    expect(saved.topics.map((t) => [t.name, t.publish, t.subscribe])).toEqual([
      ["/orders", true, false],
      ["/ticks/{symbol}", false, true],
    ]);
    expect(saved.endpoints.map((e) => e.url)).toEqual(["ws://localhost:1"]);
  });

  it("writes nothing when the document is not valid", async () => {
    const creator = await makeUser(["CREATOR"]);
    const context = `/broken${Date.now()}`;
    const { errors } = await importDefinition(creator, { text: "asyncapi: 2.6.0\ninfo: {title: x}\nchannels: {}\n", context });
    expect(errors.length).toBeGreaterThan(0);
    expect(await db.api.findFirst({ where: { context } })).toBeNull();
  });
});
