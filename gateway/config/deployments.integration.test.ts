// Each deployment as the gateways obey it, with real sockets: a gateway serves the revision
// deployed to its environment, so an edit changes nothing live until it is deployed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployApi, deployRevision, undeployApi } from "../../lib/deployments";
import { changeLifecycle } from "../../lib/lifecycle";
import { saveTopics } from "../../lib/topics";
import { db } from "../../lib/db";
import type { ConfigSnapshot } from "./snapshot";
import { gatewayKnows, open, openOk, recordingBackend, servedApi, testGateway, type RecordingBackend } from "../testing/harness";

let production: Awaited<ReturnType<typeof testGateway>>;
let development: Awaited<ReturnType<typeof testGateway>>;
let backend: RecordingBackend;

beforeAll(async () => {
  [production, development, backend] = await Promise.all([testGateway(), testGateway({ environment: "Development" }), recordingBackend()]);
});

afterAll(async () => {
  await Promise.all([production?.close(), development?.close(), backend?.close()]);
});

/** The path the backend saw for a client connecting at `url`. */
async function backendPath(url: string, token: string): Promise<string> {
  const ws = await openOk(url, { token });
  const seen = backend.requests.at(-1)!.url!;
  ws.close();
  return seen;
}

/** The topic's URL mapping as this snapshot serves it at `path`. */
function mappingIn(snapshot: ConfigSnapshot, path: string, topic: string): string | null | undefined {
  return snapshot.routes.get(path)?.topics.patterns.find((p) => p.topic.name === topic)?.topic.urlMapping;
}

/** A full reload that has surely read the database after now: whatever it serves, it serves on purpose. */
async function reloaded(gateway: typeof production): Promise<void> {
  const next = gateway.store.nextReload();
  gateway.store.requestReload();
  await next;
}

const rooms = (urlMapping: string) => [
  { name: "/*", publish: true, subscribe: true },
  { name: "/rooms/{roomId}", publish: true, subscribe: true, urlMapping },
];

describe("deployments at the gateway", () => {
  it("keeps serving the deployed revision while the working copy changes; Deploy switches it; rolling back restores it", async () => {
    const served = await servedApi(production, backend.url);
    await saveTopics(served.admin, served.api.id, rooms("/v1/{roomId}"));
    const first = await deployApi(served.admin, { apiId: served.api.id, environments: ["Production"] });
    await production.store.until((s) => mappingIn(s, served.path, "/rooms/{roomId}") === "/v1/{roomId}");
    expect(await backendPath(`${served.url}/rooms/7`, served.token)).toBe("/v1/7");

    // Saved, not deployed: after a reload the gateway still sends traffic where it did.
    await saveTopics(served.admin, served.api.id, rooms("/v2/{roomId}"));
    await reloaded(production);
    expect(mappingIn(production.store.current!, served.path, "/rooms/{roomId}")).toBe("/v1/{roomId}");
    expect(await backendPath(`${served.url}/rooms/7`, served.token)).toBe("/v1/7");

    // Deployed: the notification reaches the gateway and new connections follow the new mapping.
    await deployApi(served.admin, { apiId: served.api.id, environments: ["Production"] });
    await production.store.until((s) => mappingIn(s, served.path, "/rooms/{roomId}") === "/v2/{roomId}");
    expect(await backendPath(`${served.url}/rooms/7`, served.token)).toBe("/v2/7");

    // Rolled back: the old behaviour returns, though the working copy still says /v2.
    await deployRevision(served.admin, { apiId: served.api.id, revisionId: first.id, environment: "Production" });
    await production.store.until((s) => mappingIn(s, served.path, "/rooms/{roomId}") === "/v1/{roomId}");
    expect(await backendPath(`${served.url}/rooms/7`, served.token)).toBe("/v1/7");
  });

  it("a Development gateway serves what is deployed to Development, and not Production's revision", async () => {
    const served = await servedApi(production, backend.url);
    const devUrl = `${development.url}${served.path}`;
    // Published: deployed to Production only, so Development does not know the path.
    await reloaded(development);
    expect(await open(devUrl, { token: served.token })).toMatchObject({ opened: false, status: 404, body: { error: "not_found" } });

    await saveTopics(served.admin, served.api.id, rooms("/dev/{roomId}"));
    await deployApi(served.admin, { apiId: served.api.id, environments: ["Development"] });
    await gatewayKnows(development, { path: served.path, consumerKey: served.keys.consumerKey }, (s) => mappingIn(s, served.path, "/rooms/{roomId}") === "/dev/{roomId}");
    expect(await backendPath(`${devUrl}/rooms/3`, served.token)).toBe("/dev/3");
    // Production still serves revision 1, where /rooms/3 falls to the catch-all.
    await reloaded(production);
    expect(await backendPath(`${served.url}/rooms/3`, served.token)).toBe("/rooms/3");
  });

  it("refuses with 404 an API deployed nowhere, though it is published", async () => {
    const served = await servedApi(production, backend.url);
    await undeployApi(served.admin, { apiId: served.api.id, environment: "Production" });
    await production.store.until((s) => !s.routes.has(served.path));
    expect((await db.api.findUniqueOrThrow({ where: { id: served.api.id } })).status).toBe("PUBLISHED");
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 404, body: { error: "not_found" } });
  });

  it("applies the lifecycle live, without a deploy: a Block refuses at once in every environment", async () => {
    const served = await servedApi(production, backend.url);
    await deployApi(served.admin, { apiId: served.api.id, environments: ["Development"] });
    await gatewayKnows(development, { path: served.path });
    await changeLifecycle(served.admin, served.api.id, "Block");
    for (const gateway of [production, development]) {
      await gateway.store.until((s) => s.routes.get(served.path)?.status === "BLOCKED");
      expect(await open(`${gateway.url}${served.path}`, { token: served.token })).toMatchObject({ opened: false, status: 403, body: { error: "api_blocked" } });
    }
  });
});
