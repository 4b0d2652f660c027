import { describe, expect, it } from "vitest";
import { db } from "./db";
import { saveEndpoints } from "./endpoints";
import { defaultEndpointConfig } from "./endpoint-config";
import { saveTopics } from "./topics";
import { createNewVersion, listVersions, setDefaultVersion } from "./versions";
import { makeUser, publishedApi } from "./testing/fixtures";
import { refusal } from "./testing/refusal";

describe("createNewVersion", () => {
  it("copies topics, endpoints with settings, and plans under the new version, in Created", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    await saveTopics(admin, api.id, [{ name: "/*", publish: true, subscribe: true }, { name: "/rooms/{id}", publish: true, subscribe: false, urlMapping: "/r/{id}" }]);
    await saveEndpoints(admin, {
      apiId: api.id,
      production: { url: "ws://localhost:7070", config: { ...defaultEndpointConfig, connectTimeoutMs: 1234 } },
      sandbox: { url: "ws://localhost:7071", config: defaultEndpointConfig },
    });
    const copy = await createNewVersion(admin, { apiId: api.id, version: "2.0" });
    const full = await db.api.findUniqueOrThrow({ where: { id: copy.id }, include: { topics: { orderBy: { name: "asc" } }, endpoints: { orderBy: { type: "asc" } }, plans: { include: { plan: true } }, lifecycle: true } });
    expect([full.name, full.context, full.version, full.status, full.isDefaultVersion]).toEqual([api.name, api.context, "2.0", "CREATED", false]);
    expect(full.topics.map((t) => [t.name, t.publish, t.subscribe, t.urlMapping])).toEqual([["/*", true, true, null], ["/rooms/{id}", true, false, "/r/{id}"]]);
    expect(full.endpoints.map((e) => [e.type, e.url, (e.config as { connectTimeoutMs?: number }).connectTimeoutMs])).toEqual([["PRODUCTION", "ws://localhost:7070", 1234], ["SANDBOX", "ws://localhost:7071", 10000]]);
    expect(full.plans.map((p) => p.plan.name)).toEqual(["Gold"]);
    expect(full.lifecycle.map((l) => l.action)).toEqual(["Create from 1.0"]);
  });

  it("refuses a version the API already has, on the version field", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    const e = await refusal(createNewVersion(admin, { apiId: api.id, version: "1.0" }));
    expect([e.code, e.field, e.message]).toEqual(["CONFLICT", "version", `${api.name} already has version 1.0.`]);
  });

  it("refuses a publisher without the creator role", async () => {
    const { api } = await publishedApi("ws://localhost:7070");
    expect((await refusal(createNewVersion(await makeUser(["PUBLISHER"]), { apiId: api.id, version: "2.0" }))).code).toBe("FORBIDDEN");
  });
});

describe("setDefaultVersion", () => {
  it("keeps exactly one default version per API name", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    const v2 = await createNewVersion(admin, { apiId: api.id, version: "2.0" });
    await setDefaultVersion(admin, api.id);
    await setDefaultVersion(admin, v2.id);
    const versions = await listVersions(admin, api.id);
    expect(versions.map((v) => [v.version, v.isDefaultVersion])).toEqual([["2.0", true], ["1.0", false]]);
  });

  it("leaves one default when two are chosen at once", async () => {
    const { admin, api } = await publishedApi("ws://localhost:7070");
    const v2 = await createNewVersion(admin, { apiId: api.id, version: "2.0" });
    await Promise.all([setDefaultVersion(admin, api.id), setDefaultVersion(admin, v2.id)]);
    expect(await db.api.count({ where: { name: api.name, isDefaultVersion: true } })).toBe(1);
  });
});
