import { describe, expect, it } from "vitest";
import { buildSnapshot, type SnapshotRows } from "../config/snapshot";
import { Refusal } from "./refuse";
import { resolveRoute } from "./resolve-route";

function api(id: string, context: string, version: string, topics: SnapshotRows["apis"][number]["topics"] = [{ name: "/*", urlMapping: null, publish: true, subscribe: true }]) {
  return { id, name: id, context, version, status: "PUBLISHED" as const, endpoints: [], topics };
}

const snapshot = buildSnapshot({
  apis: [
    api("chat", "/chat", "1.0"),
    api("chatRooms", "/chat/1.0/rooms", "2.0"),
    api("templated", "/{version}/stock", "v2"),
    api("strict", "/strict", "1", [{ name: "/only", urlMapping: null, publish: true, subscribe: true }]),
  ],
  subscriptions: [],
  keys: [],
  revokedJtis: [],
  jwks: { keys: [] },
  issuer: "http://issuer.test",
});

function resolved(path: string) {
  const r = resolveRoute(snapshot, path);
  return r instanceof Refusal ? { status: r.status, error: r.error } : { api: r.api.id, rest: r.rest, topic: r.topic.name };
}

describe("resolveRoute", () => {
  it("finds the API at its gateway path and passes on the rest", () => {
    expect(resolved("/chat/1.0")).toEqual({ api: "chat", rest: "", topic: "/*" });
    expect(resolved("/chat/1.0/lobby")).toEqual({ api: "chat", rest: "/lobby", topic: "/*" });
  });

  it("takes the longest gateway path that prefixes the request path", () => {
    expect(resolved("/chat/1.0/rooms/2.0/x")).toEqual({ api: "chatRooms", rest: "/x", topic: "/*" });
    expect(resolved("/chat/1.0/rooms")).toEqual({ api: "chat", rest: "/rooms", topic: "/*" });
  });

  it("matches only at a segment boundary", () => {
    expect(resolved("/chat/1.00")).toEqual({ status: 404, error: "not_found" });
    expect(resolved("/chat")).toEqual({ status: 404, error: "not_found" });
  });

  it("serves a context with {version} at the filled-in path", () => {
    expect(resolved("/v2/stock")).toEqual({ api: "templated", rest: "", topic: "/*" });
  });

  it("refuses a path no topic of the API matches", () => {
    expect(resolved("/strict/1/only")).toEqual({ api: "strict", rest: "/only", topic: "/only" });
    expect(resolved("/strict/1/other")).toEqual({ status: 404, error: "topic_not_found" });
  });
});
