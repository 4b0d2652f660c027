import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../config/snapshot";
import { compileTopics, matchTopic, type TopicRoute } from "../config/topics";
import { backendUrl, withoutAccessToken } from "./target";

const endpointOf = (url: string) =>
  buildSnapshot({
    apis: [{ id: "a", name: "a", context: "/a", version: "1", status: "PUBLISHED", endpoints: [{ type: "PRODUCTION", url, config: {} }], topics: [] }],
    subscriptions: [],
    keys: [],
    revokedJtis: [],
    jwks: { keys: [] },
    issuer: "http://issuer.test",
  }).routes.get("/a/1")!.endpoints.PRODUCTION!;

function route(topics: TopicRoute[], rest: string) {
  const match = matchTopic(compileTopics(topics), rest)!;
  return { ...match, rest };
}

const catchAll: TopicRoute = { name: "/*", urlMapping: null, publish: true, subscribe: true };
const rooms: TopicRoute = { name: "/rooms/{roomId}", urlMapping: "/chat/{roomId}/live", publish: true, subscribe: true };

describe("withoutAccessToken", () => {
  it("removes access_token and keeps every other parameter byte for byte", () => {
    expect(withoutAccessToken("a=1%20b&access_token=xyz&c=+")).toBe("a=1%20b&c=+");
    expect(withoutAccessToken("access_token=xyz")).toBe("");
    expect(withoutAccessToken("my_access_token=1")).toBe("my_access_token=1");
  });
});

describe("backendUrl", () => {
  it("appends the rest of the path for a topic without a URL mapping", () => {
    expect(backendUrl(endpointOf("ws://echo:7070"), route([catchAll], "/x/y"), "")).toBe("ws://echo:7070/x/y");
    expect(backendUrl(endpointOf("ws://echo:7070/"), route([catchAll], ""), "")).toBe("ws://echo:7070");
  });

  it("uses the topic's URL mapping with its parameters filled in", () => {
    expect(backendUrl(endpointOf("ws://chat:80/base/"), route([rooms, catchAll], "/rooms/42"), "")).toBe("ws://chat:80/base/chat/42/live");
  });

  it("joins the endpoint's query and the client's, without the access token", () => {
    expect(backendUrl(endpointOf("wss://h/p?key=1"), route([catchAll], "/s"), "access_token=t&since=5")).toBe("wss://h/p/s?key=1&since=5");
    expect(backendUrl(endpointOf("ws://h"), route([catchAll], ""), "access_token=t")).toBe("ws://h");
  });

  it("reads a connect timeout from the endpoint's settings", () => {
    expect(endpointOf("ws://h").connectTimeoutMs).toBe(10_000);
  });
});
