import { describe, expect, it } from "vitest";
import { generateDefinition, parseDefinition } from "./asyncapi";
import { toAsyncApi3 } from "./asyncapi-v3";

const api = {
  name: "Chat",
  version: "2.0",
  description: "Rooms and a lobby.",
  tags: ["chat"],
  context: "/chat",
  environments: [{ name: "Production", ws: "ws://gw.example:9099", wss: "wss://gw.example:8099" }],
  topics: [
    { name: "/*", publish: true, subscribe: true, description: "Everything", urlMapping: null },
    { name: "/rooms/{room}", publish: true, subscribe: false, description: "", urlMapping: "/r/{uri.var.room}" },
  ],
  asyncApiDefinition: null,
};

describe("toAsyncApi3", () => {
  it("makes a 3.0 document that @asyncapi/parser accepts with no error", async () => {
    const v3 = toAsyncApi3(generateDefinition(api as never));
    const { document, errors } = await parseDefinition(JSON.stringify(v3));
    expect(errors).toEqual([]);
    expect(document?.version()).toBe("3.0.0");
    expect(document?.channels().all().map((c) => c.address())).toEqual(["/*", "/rooms/{room}"]);
  });

  it("turns publish into receive and subscribe into send, splits server URLs, moves tags into info", () => {
    const v3 = toAsyncApi3(generateDefinition(api as never));
    expect(Object.keys(v3.operations).sort()).toEqual(["all_receive", "all_send", "rooms_room_receive"]);
    expect(v3.operations.rooms_room_receive).toMatchObject({ action: "receive", channel: { $ref: "#/channels/rooms_room" } });
    expect(v3.servers.production).toMatchObject({ host: "gw.example:9099", pathname: "/chat/2.0", protocol: "ws" });
    expect(v3.servers["production-secure"]).toMatchObject({ host: "gw.example:8099", protocol: "wss" });
    expect(v3.info.tags).toEqual([{ name: "chat" }]);
    expect(v3.tags).toBeUndefined();
    expect(v3.channels.rooms_room).toMatchObject({ address: "/rooms/{room}", parameters: { room: {} }, "x-uri-mapping": "/r/{uri.var.room}" });
    expect(v3.components.securitySchemes.oauth2.flows.clientCredentials).toHaveProperty("availableScopes");
  });

  it("keeps channel ids unique when two topics slug alike", () => {
    const v3 = toAsyncApi3(generateDefinition({ ...api, topics: [{ ...api.topics[1] }, { ...api.topics[1], name: "/rooms/room" }] } as never));
    expect(Object.keys(v3.channels)).toEqual(["rooms_room", "rooms_room_2"]);
  });
});
