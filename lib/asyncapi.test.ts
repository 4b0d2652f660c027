import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { generateDefinition, parseDefinition, topicsOf } from "./asyncapi";
import { settingsEnvironment } from "./environments";

const api = {
  name: "Chat",
  version: "1.0",
  description: "Rooms of people talking",
  context: "/chat",
  asyncApiDefinition: null,
  topics: [
    { name: "/*", publish: true, subscribe: true, urlMapping: null, description: "" },
    { name: "/rooms/{roomId}", publish: true, subscribe: false, urlMapping: "/r/{roomId}", description: "One room" },
  ],
};

describe("generateDefinition", () => {
  it("describes the gateway servers, the security schemes and one channel per topic with its operations", async () => {
    const doc = generateDefinition(api);
    expect(doc.asyncapi).toBe("2.6.0");
    expect(doc.info).toMatchObject({ title: "Chat", version: "1.0", description: "Rooms of people talking" });
    expect(doc.servers.production.url).toMatch(/\/chat\/1\.0$/);
    expect(Object.keys(doc.servers)).toEqual(["production"]);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(["oauth2", "accessToken"]);
    expect(doc.channels["/rooms/{roomId}"]).toMatchObject({ description: "One room", "x-uri-mapping": "/r/{roomId}", parameters: { roomId: {} } });
    expect(doc.channels["/rooms/{roomId}"].subscribe).toBeUndefined();
    const { errors } = await parseDefinition(JSON.stringify(doc));
    expect(errors).toEqual([]);
  });

  it("keeps what the creator wrote (payloads) and drops channels of deleted topics", () => {
    const saved = YAML.stringify({
      asyncapi: "2.6.0",
      info: { title: "old", version: "0" },
      channels: {
        "/rooms/{roomId}": { publish: { message: { payload: { type: "object", properties: { text: { type: "string" } } } } } },
        "/gone": { subscribe: { message: { payload: { type: "string" } } } },
      },
    });
    const doc = generateDefinition({ ...api, asyncApiDefinition: saved });
    expect(doc.channels["/rooms/{roomId}"].publish.message.payload.properties.text).toEqual({ type: "string" });
    expect(doc.channels["/gone"]).toBeUndefined();
    expect(doc.info.title).toBe("Chat");
  });

  it("names a server per environment the API is deployed to", () => {
    const doc = generateDefinition({ ...api, environments: [settingsEnvironment("Production"), settingsEnvironment("Development")] });
    expect(Object.keys(doc.servers)).toEqual(["production", "development"]);
    expect(doc.servers.development.url).not.toBe(doc.servers.production.url);
    expect(doc.servers.development.url).toMatch(/\/chat\/1\.0$/);
  });

  it("writes the API's tags at the root (2.x), replacing the document's", async () => {
    const saved = YAML.stringify({ asyncapi: "2.6.0", info: { title: "Chat", version: "1.0" }, tags: [{ name: "old" }], channels: {} });
    expect(generateDefinition({ ...api, tags: ["chat", "rooms"], asyncApiDefinition: saved }).tags).toEqual([{ name: "chat" }, { name: "rooms" }]);
    const untagged = generateDefinition({ ...api, tags: [], asyncApiDefinition: saved });
    expect(YAML.stringify(untagged)).not.toContain("tags");
    const { document } = await parseDefinition(JSON.stringify(generateDefinition({ ...api, tags: ["chat"] })));
    expect(document?.info().tags().all().map((t) => t.name())).toEqual(["chat"]);
  });
});

describe("parseDefinition", () => {
  it("reports errors with 1-based line numbers", async () => {
    const { document, errors } = await parseDefinition("asyncapi: 2.6.0\ninfo:\n  title: x\nchannels: {}\n");
    expect(document).toBeUndefined();
    expect(errors).toContainEqual(expect.objectContaining({ message: expect.stringContaining('"version"'), line: 2, path: "info" }));
  });

  it("reads topics from 3.0 documents: receive is Publish, send is Subscribe", async () => {
    const { document } = await parseDefinition(
      YAML.stringify({
        asyncapi: "3.0.0",
        info: { title: "x", version: "1" },
        channels: { room: { address: "/rooms/{roomId}", parameters: { roomId: {} }, messages: { chat: { payload: { type: "string" } } } } },
        operations: {
          post: { action: "receive", channel: { $ref: "#/channels/room" } },
          listen: { action: "send", channel: { $ref: "#/channels/room" } },
        },
      }),
    );
    expect(topicsOf(document!)).toEqual([{ name: "/rooms/{roomId}", publish: true, subscribe: true, urlMapping: null, description: "" }]);
  });
});
