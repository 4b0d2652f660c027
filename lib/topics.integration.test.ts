import { describe, expect, it } from "vitest";
import { createApi } from "./apis";
import { db } from "./db";
import { saveTopics } from "./topics";
import { makeUser, unique } from "./testing/fixtures";
import { refusal } from "./testing/refusal";

async function newApi() {
  const creator = await makeUser(["CREATOR"]);
  const name = unique("Api");
  return { creator, api: await createApi(creator, { name, context: `/${name.toLowerCase()}`, version: "1.0" }) };
}

describe("saveTopics", () => {
  it("replaces the topic list in one go (the working copy: a deploy takes it to the gateways)", async () => {
    const { creator, api } = await newApi();
    await saveTopics(creator, api.id, [
      { name: "/*", publish: true, subscribe: true },
      { name: "/rooms/{roomId}", publish: false, subscribe: true, urlMapping: "/chat/{roomId}", description: "A room's messages." },
    ]);
    const topics = await db.topic.findMany({ where: { apiId: api.id }, orderBy: { name: "asc" } });
    expect(topics.map((t) => [t.name, t.publish, t.subscribe, t.urlMapping, t.description])).toEqual([
      ["/*", true, true, null, ""],
      ["/rooms/{roomId}", false, true, "/chat/{roomId}", "A room's messages."],
    ]);
  });

  it("refuses an invalid list with the field of the topic at fault, and keeps the old list", async () => {
    const { creator, api } = await newApi();
    const e = await refusal(saveTopics(creator, api.id, [{ name: "/*", publish: true, subscribe: true }, { name: "/a", publish: true, subscribe: true, urlMapping: "/b/{x}" }]));
    expect([e.code, e.field, e.message]).toEqual(["INVALID", "topics.1.urlMapping", "{x} is not a parameter of /a."]);
    expect((await db.topic.findMany({ where: { apiId: api.id } })).map((t) => t.name)).toEqual(["/*"]);
  });

  it("refuses a publisher without the creator role and a subscriber", async () => {
    const { api } = await newApi();
    for (const roles of [["PUBLISHER"], ["SUBSCRIBER"]] as const) {
      const e = await refusal(saveTopics(await makeUser([...roles]), api.id, [{ name: "/*", publish: true, subscribe: true }]));
      expect(e.code).toBe("FORBIDDEN");
    }
  });
});
