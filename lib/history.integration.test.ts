import { describe, expect, it } from "vitest";
import { deployApi, undeployApi } from "./deployments";
import { deploymentHistory, lifecycleHistory } from "./history";
import { changeLifecycle } from "./lifecycle";
import { makeUser, publishedApi } from "./testing/fixtures";
import { refusal } from "./testing/refusal";

describe("lifecycleHistory", () => {
  it("reads one page at a time, newest first, with the count of all", async () => {
    const { admin, api } = await publishedApi("ws://backend:7070");
    await changeLifecycle(admin, api.id, "Deprecate");
    const first = await lifecycleHistory(admin, api.id, { page: 0, pageSize: 2, sort: "desc" });
    expect(first.total).toBe(3);
    expect(first.rows.map((r) => [r.action, r.fromStatus, r.toStatus])).toEqual([
      ["Deprecate", "PUBLISHED", "DEPRECATED"],
      ["Publish", "CREATED", "PUBLISHED"],
    ]);
    const second = await lifecycleHistory(admin, api.id, { page: 1, pageSize: 2, sort: "desc" });
    expect(second.rows.map((r) => r.action)).toEqual(["Create"]);
    expect(second.rows[0].who).toBe(admin.username);
  });

  it("reads oldest first when asked", async () => {
    const { admin, api } = await publishedApi("ws://backend:7070");
    const page = await lifecycleHistory(admin, api.id, { page: 0, pageSize: 10, sort: "asc" });
    expect(page.rows.map((r) => r.action)).toEqual(["Create", "Publish"]);
  });

  it("refuses a developer, and an API that does not exist", async () => {
    const { api } = await publishedApi("ws://backend:7070");
    const developer = await makeUser(["SUBSCRIBER"]);
    expect(await refusal(lifecycleHistory(developer, api.id, { page: 0, pageSize: 10, sort: "desc" }))).toMatchObject({ code: "FORBIDDEN" });
    const creator = await makeUser(["CREATOR"]);
    expect(await refusal(lifecycleHistory(creator, "no-such-api", { page: 0, pageSize: 10, sort: "desc" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("deploymentHistory", () => {
  it("pages the deployments, undeploys included, newest first", async () => {
    const { admin, api } = await publishedApi("ws://backend:7070");
    await deployApi(admin, { apiId: api.id, environments: ["Development"] });
    await undeployApi(admin, { apiId: api.id, environment: "Development" });
    const all = await deploymentHistory(admin, api.id, { page: 0, pageSize: 10, sort: "desc" });
    expect(all.rows.map((r) => [r.action, r.environment])).toEqual([
      ["Undeploy", "Development"],
      ["Deploy", "Development"],
      ["Deploy", "Production"],
    ]);
    const last = await deploymentHistory(admin, api.id, { page: 1, pageSize: 2, sort: "desc" });
    expect(last).toMatchObject({ total: 3, rows: [{ action: "Deploy", environment: "Production" }] });
  });
});
