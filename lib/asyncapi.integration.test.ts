import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { definitionText, saveDefinition } from "./asyncapi";
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
