// The Developer Portal describes what the gateways serve: the deployed revision, where it is deployed.
import { describe, expect, it } from "vitest";
import { getPortalApi, listPortalApis } from "./apis";
import { deployApi, undeployApi } from "./deployments";
import { saveTopics } from "./topics";
import { publishedApi } from "./testing/fixtures";

const topic = (name: string) => ({ name, publish: true, subscribe: true, urlMapping: "", description: "" });

describe("getPortalApi", () => {
  it("shows the deployed revision's topics, not the working copy's, until the edit is deployed", async () => {
    const { admin, api } = await publishedApi("ws://localhost:1");
    await saveTopics(admin, api.id, [topic("/rooms/{roomId}")]);
    expect((await getPortalApi(api.id)).topics.map((t) => t.name)).toEqual(["/*"]);

    await deployApi(admin, { apiId: api.id, environments: ["Production"] });
    expect((await getPortalApi(api.id)).topics.map((t) => t.name)).toEqual(["/rooms/{roomId}"]);
  });

  it("lists the environments it is deployed to, Production first, and hides an API deployed nowhere", async () => {
    const { admin, api } = await publishedApi("ws://localhost:1");
    expect((await getPortalApi(api.id)).environments.map((e) => e.name)).toEqual(["Production"]);

    await deployApi(admin, { apiId: api.id, environments: ["Development"] });
    expect((await getPortalApi(api.id)).environments.map((e) => e.name)).toEqual(["Production", "Development"]);

    await undeployApi(admin, { apiId: api.id, environment: "Production" });
    expect((await getPortalApi(api.id)).environments.map((e) => e.name)).toEqual(["Development"]);

    await undeployApi(admin, { apiId: api.id, environment: "Development" });
    await expect(getPortalApi(api.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listPortalApis(api.name)).map((a) => a.id)).toEqual([]);
  });
});
