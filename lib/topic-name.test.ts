import { describe, expect, it } from "vitest";
import { ZTopic, ZTopicList, topicNameProblem, urlMappingProblem } from "./topic-name";

const topic = (overrides: Record<string, unknown> = {}) => ({ name: "/rooms/{roomId}", publish: true, subscribe: true, ...overrides });

function fieldMessages(value: unknown): Record<string, string> {
  const result = ZTopic.safeParse(value);
  const out: Record<string, string> = {};
  if (!result.success) for (const i of result.error.issues) out[String(i.path[0])] ??= i.message;
  return out;
}

describe("topic names", () => {
  it("takes the catch-all, literal paths, parameters and a trailing wildcard", () => {
    for (const name of ["/*", "/notifications", "/rooms/{roomId}", "/rooms/{roomId}/users/{userId}", "/rooms/{roomId}/*", "/a-b.c_d~e"]) {
      expect([name, topicNameProblem(name)]).toEqual([name, null]);
    }
  });

  it("refuses what the gateway could not match, each with its reason", () => {
    expect(topicNameProblem("rooms")).toMatch(/starts with '\/'/);
    expect(topicNameProblem("/")).toMatch(/needs a segment/);
    expect(topicNameProblem("/rooms//x")).toMatch(/empty segments/);
    expect(topicNameProblem("/rooms/")).toMatch(/empty segments/);
    expect(topicNameProblem("/*/rooms")).toMatch(/last segment/);
    expect(topicNameProblem("/rooms/{room-id}")).toMatch(/not a parameter/);
    expect(topicNameProblem("/rooms/x{id}")).toMatch(/not a parameter/);
    expect(topicNameProblem("/a/{id}/b/{id}")).toBe("The parameter {id} appears twice.");
    expect(topicNameProblem("/a/..")).toMatch(/'\.' or '\.\.'/);
    expect(topicNameProblem("/a b")).toMatch(/characters/);
  });
});

describe("URL mappings", () => {
  it("may use the topic's parameters, and only those", () => {
    expect(urlMappingProblem("/chat/{roomId}", "/rooms/{roomId}")).toBeNull();
    expect(urlMappingProblem("/chat?room={roomId}", "/rooms/{roomId}")).toBeNull();
    expect(urlMappingProblem("/chat/{userId}", "/rooms/{roomId}")).toBe("{userId} is not a parameter of /rooms/{roomId}.");
    expect(urlMappingProblem("chat", "/rooms")).toMatch(/starts with '\/'/);
  });
});

describe("ZTopic", () => {
  it("turns an empty URL mapping into none and defaults the description", () => {
    expect(ZTopic.parse(topic({ urlMapping: " " }))).toEqual({ name: "/rooms/{roomId}", publish: true, subscribe: true, urlMapping: null, description: "" });
  });

  it("puts each message on its field", () => {
    expect(fieldMessages(topic({ name: "rooms" }))).toHaveProperty("name");
    expect(fieldMessages(topic({ publish: false, subscribe: false }))).toEqual({ types: "Choose Publish, Subscribe or both." });
    expect(fieldMessages(topic({ urlMapping: "/x/{other}" }))).toEqual({ urlMapping: "{other} is not a parameter of /rooms/{roomId}." });
  });
});

describe("ZTopicList", () => {
  it("refuses a name twice and two names that match the same paths", () => {
    const twice = ZTopicList.safeParse([topic(), topic()]);
    expect(twice.success ? [] : twice.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["1.name", "The topic /rooms/{roomId} is listed twice."]]);
    const same = ZTopicList.safeParse([topic(), topic({ name: "/rooms/{id}" })]);
    expect(same.success ? "" : same.error.issues[0].message).toBe("The topic /rooms/{id} matches the same paths as /rooms/{roomId}.");
  });

  it("needs at least one topic", () => {
    expect(ZTopicList.safeParse([]).success).toBe(false);
  });
});
