import { describe, expect, it } from "vitest";
import { compileTopics, mappedPath, matchTopic, type TopicRoute } from "./topics";

const topic = (name: string, urlMapping: string | null = null): TopicRoute => ({ name, urlMapping, publish: true, subscribe: true });

describe("matchTopic", () => {
  const table = compileTopics([
    topic("/*"),
    topic("/rooms/{roomId}", "/chat/{roomId}"),
    topic("/rooms/lobby"),
    topic("/rooms/{roomId}/members/{memberId}"),
    topic("/rooms/{roomId}/*"),
    topic("/feeds/*"),
  ]);
  const match = (rest: string) => {
    const m = matchTopic(table, rest);
    return m && { name: m.topic.name, params: m.params };
  };

  it("prefers an exact name over a parameterised one", () => {
    expect(match("/rooms/lobby")).toEqual({ name: "/rooms/lobby", params: {} });
  });

  it("fills in parameters from the path", () => {
    expect(match("/rooms/42")).toEqual({ name: "/rooms/{roomId}", params: { roomId: "42" } });
    expect(match("/rooms/42/members/7")).toEqual({ name: "/rooms/{roomId}/members/{memberId}", params: { roomId: "42", memberId: "7" } });
  });

  it("matches a tail wildcard on one or more further segments", () => {
    expect(match("/rooms/42/history/today")).toEqual({ name: "/rooms/{roomId}/*", params: { roomId: "42" } });
    expect(match("/feeds/a/b")?.name).toBe("/feeds/*");
  });

  it("falls back to /* for anything else, including the API's own path", () => {
    expect(match("/other")?.name).toBe("/*");
    expect(match("")?.name).toBe("/*");
    expect(match("/rooms/")?.name).toBe("/*");
  });

  it("matches nothing without a catch-all", () => {
    const strict = compileTopics([topic("/rooms/{roomId}"), topic("/notifications")]);
    expect(matchTopic(strict, "/notifications")?.topic.name).toBe("/notifications");
    expect(matchTopic(strict, "/rooms/1/extra")).toBeUndefined();
    expect(matchTopic(strict, "")).toBeUndefined();
  });

  it("keeps parameters percent-encoded, as sent", () => {
    expect(match("/rooms/a%2Fb")?.params).toEqual({ roomId: "a%2Fb" });
  });
});

describe("mappedPath", () => {
  it("substitutes parameters into the URL mapping", () => {
    expect(mappedPath("/chat/{roomId}/live", { roomId: "42" })).toBe("/chat/42/live");
  });

  it("makes a mapping without a leading slash a path", () => {
    expect(mappedPath("notify", {})).toBe("/notify");
    expect(mappedPath("", {})).toBe("");
  });
});
