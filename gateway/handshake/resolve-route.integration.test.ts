// Which API and topic a client's path reaches, and the backend URL it becomes.
import { describe, expect, it } from "vitest";
import { unique } from "../../lib/testing/fixtures";
import { db } from "../../lib/db";
import { deploy, open, openOk, servedApi, gatewayWithBackend } from "../testing/harness";

const { gateway, backend } = gatewayWithBackend();

/** Adds topics to the API's working copy and deploys it, as a creator and a publisher would. */
async function withTopics(served: Awaited<ReturnType<typeof servedApi>>, topics: { name: string; urlMapping?: string }[], removeCatchAll = false) {
  await db.$transaction(async (tx) => {
    if (removeCatchAll) await tx.topic.deleteMany({ where: { apiId: served.api.id, name: "/*" } });
    await tx.topic.createMany({ data: topics.map((t) => ({ apiId: served.api.id, name: t.name, urlMapping: t.urlMapping ?? null })) });
  });
  await deploy(gateway, served.api, served.admin, (s) => {
    const route = s.routes.get(served.path);
    return !!route && topics.every((t) => route.topics.exact.has(t.name) || route.topics.patterns.some((p) => p.topic.name === t.name));
  });
}

async function backendPathFor(url: string, token: string): Promise<string> {
  const ws = await openOk(url, { token });
  const seen = backend.requests.at(-1)!.url!;
  ws.close();
  return seen;
}

describe("routing", () => {
  it("refuses a path where no API is served with 404, before asking for a token", async () => {
    const r = await open(`${gateway.url}/${unique("nothing")}/1.0`);
    expect(r).toMatchObject({ opened: false, status: 404, body: { error: "not_found" } });
  });

  it("maps a parameterised topic to its backend URL and passes other paths on as they are", async () => {
    const served = await servedApi(gateway, `${backend.url}/base`);
    await withTopics(served, [{ name: "/rooms/{roomId}", urlMapping: "/chat/{roomId}/live" }, { name: "/notifications", urlMapping: "/notify" }]);
    expect(await backendPathFor(`${served.url}/rooms/42?since=7`, served.token)).toBe("/base/chat/42/live?since=7");
    expect(await backendPathFor(`${served.url}/notifications`, served.token)).toBe("/base/notify");
    expect(await backendPathFor(`${served.url}/anything/else`, served.token)).toBe("/base/anything/else");
    expect(await backendPathFor(served.url, served.token)).toBe("/base");
  });

  it("refuses a path that no topic matches once the catch-all is gone", async () => {
    const served = await servedApi(gateway, backend.url);
    await withTopics(served, [{ name: "/rooms/{roomId}" }], true);
    await gateway.store.until((s) => !s.routes.get(served.path)?.topics.catchAll);
    expect(await backendPathFor(`${served.url}/rooms/9`, served.token)).toBe("/rooms/9");
    const r = await open(`${served.url}/lobby`, { token: served.token });
    expect(r).toMatchObject({ opened: false, status: 404, body: { error: "topic_not_found" } });
  });
});
