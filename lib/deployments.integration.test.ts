import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi, deleteApi } from "./apis";
import { db } from "./db";
import { deployApi, deployRevision, getDeployments, undeployApi } from "./deployments";
import { deploymentHistory } from "./history";
import { saveEndpoints } from "./endpoints";
import { defaultEndpointConfig } from "./endpoint-config";
import { changeLifecycle } from "./lifecycle";
import { deleteRevision, maxRevisions, restoreRevision } from "./revisions";
import type { Actor } from "./roles";
import { makeUser, publishedApi, unique } from "./testing/fixtures";
import { listenForConfigChanges, type ConfigListener } from "./testing/notifications";
import { refusal } from "./testing/refusal";
import { saveTopics } from "./topics";

let listener: ConfigListener;
beforeAll(async () => void (listener = await listenForConfigChanges()));
afterAll(() => listener.close());

const catchAll = { name: "/*", publish: true, subscribe: true };

async function createdApi(actor: Actor, endpoint = "ws://localhost:7070") {
  const name = unique("Api");
  return createApi(actor, { name, context: `/${name.toLowerCase()}`, version: "1.0", endpoint, plans: ["Gold"] });
}

function revisions(apiId: string) {
  return db.apiRevision.findMany({ where: { apiId }, orderBy: { number: "asc" } });
}

async function liveRevisionNumbers(apiId: string) {
  const rows = await db.apiDeployment.findMany({ where: { apiId }, include: { revision: true } });
  return Object.fromEntries(rows.map((d) => [d.environment, d.revision.number]));
}

describe("deploying on first publish", () => {
  it("CREATE & PUBLISH makes revision 1 of the working copy and deploys it to Production only", async () => {
    const { admin, api } = await publishedApi("ws://backend:7070");
    const [revision] = await revisions(api.id);
    expect(revision).toMatchObject({ number: 1, createdById: admin.id });
    expect(revision.config).toMatchObject({
      context: api.context,
      version: "1.0",
      topics: [{ name: "/*", publish: true, subscribe: true, urlMapping: null }],
      endpoints: [{ type: "PRODUCTION", url: "ws://backend:7070", config: defaultEndpointConfig }],
    });
    expect(await liveRevisionNumbers(api.id)).toEqual({ Production: 1 });
    const events = await db.deploymentEvent.findMany({ where: { apiId: api.id } });
    expect(events.map((e) => [e.action, e.environment, e.revisionNumber, e.userId])).toEqual([["Deploy", "Production", 1, admin.id]]);
  });

  it("Publish and Deploy as a Prototype deploy an API never deployed, and leave a deployed one as it is", async () => {
    const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
    const api = await createdApi(publisher);
    expect(await revisions(api.id)).toEqual([]);
    await changeLifecycle(publisher, api.id, "Deploy as a Prototype");
    expect(await liveRevisionNumbers(api.id)).toEqual({ Production: 1 });

    await saveTopics(publisher, api.id, [catchAll, { name: "/news", publish: false, subscribe: true }]);
    await changeLifecycle(publisher, api.id, "Publish");
    // Already deployed: Publish changes the state only; the edit waits for a Deploy.
    expect((await revisions(api.id)).map((r) => r.number)).toEqual([1]);
    expect((await getDeployments(publisher, api.id)).undeployedChanges).toEqual(["Production"]);
  });
});

describe("deployApi", () => {
  it("freezes the working copy: later edits change what the page calls undeployed, never the revision", async () => {
    const { admin, api } = await publishedApi("ws://backend:7070");
    const frozen = (await revisions(api.id))[0].config;
    await saveTopics(admin, api.id, [catchAll, { name: "/rooms/{id}", publish: true, subscribe: true, urlMapping: "/r/{id}" }]);
    await saveEndpoints(admin, { apiId: api.id, production: { url: "ws://elsewhere:7070", config: { ...defaultEndpointConfig, idleTimeoutMs: 5000 } }, sandbox: { url: "", config: defaultEndpointConfig } });
    expect((await revisions(api.id))[0].config).toEqual(frozen);
    let view = await getDeployments(admin, api.id);
    expect(view.undeployedChanges).toEqual(["Production"]);
    expect(view.environments.find((e) => e.environment === "Production")?.deployment).toMatchObject({ revisionNumber: 1, upToDate: false });

    const notified = listener.next("deployment");
    const revision = await deployApi(admin, { apiId: api.id, environments: ["Production", "Development"], description: "Rooms" });
    await notified;
    expect(revision).toMatchObject({ number: 2, description: "Rooms" });
    expect(revision.config).toMatchObject({
      topics: [{ name: "/*" }, { name: "/rooms/{id}", urlMapping: "/r/{id}" }],
      endpoints: [{ url: "ws://elsewhere:7070", config: { idleTimeoutMs: 5000 } }],
    });
    expect(await liveRevisionNumbers(api.id)).toEqual({ Production: 2, Development: 2 });
    view = await getDeployments(admin, api.id);
    expect(view.undeployedChanges).toEqual([]);
    expect(view.revisions.map((r) => [r.number, r.deployedTo.sort(), r.matchesWorkingCopy])).toEqual([
      [2, ["Development", "Production"], true],
      [1, [], false],
    ]);
  });

  it("deploys the newest revision as it is when the working copy has not changed", async () => {
    const { admin, api } = await publishedApi("ws://backend:7070");
    const revision = await deployApi(admin, { apiId: api.id, environments: ["Development"] });
    expect(revision.number).toBe(1);
    expect(await liveRevisionNumbers(api.id)).toEqual({ Production: 1, Development: 1 });
  });

  it("lets publishers and admins deploy, and refuses creators and subscribers without writing anything", async () => {
    const { api } = await publishedApi("ws://backend:7070");
    await saveTopics(await makeUser(["CREATOR"]), api.id, [catchAll, { name: "/a", publish: true, subscribe: true }]);
    for (const roles of [["CREATOR"], ["SUBSCRIBER"]] as const) {
      const actor = await makeUser([...roles]);
      const first = (await revisions(api.id))[0];
      for (const attempt of [
        deployApi(actor, { apiId: api.id, environments: ["Production"] }),
        deployRevision(actor, { apiId: api.id, revisionId: first.id, environment: "Development" }),
        undeployApi(actor, { apiId: api.id, environment: "Production" }),
        deleteRevision(actor, { apiId: api.id, revisionId: first.id }),
      ]) {
        expect(await refusal(attempt)).toMatchObject({ code: "FORBIDDEN", message: "This needs the publisher role." });
      }
    }
    expect((await revisions(api.id)).length).toBe(1);
    expect(await liveRevisionNumbers(api.id)).toEqual({ Production: 1 });
    expect(await db.deploymentEvent.count({ where: { apiId: api.id } })).toBe(1);

    expect((await deployApi(await makeUser(["PUBLISHER"]), { apiId: api.id, environments: ["Production"] })).number).toBe(2);
    await saveTopics(await makeUser(["CREATOR"]), api.id, [catchAll]);
    expect((await deployApi(await makeUser(["ADMIN"]), { apiId: api.id, environments: ["Production"] })).number).toBe(3);
  });

  it("refuses no environment at the field, and an API without an endpoint without writing a revision", async () => {
    const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
    const api = await createdApi(publisher, "");
    await expect(deployApi(publisher, { apiId: api.id, environments: [] })).rejects.toThrow("Choose at least one environment.");
    const e = await refusal(deployApi(publisher, { apiId: api.id, environments: ["Development"] }));
    expect([e.code, e.message]).toEqual(["INVALID", "Set an endpoint before deploying: the gateway would have nowhere to send traffic."]);
    expect(await revisions(api.id)).toEqual([]);
    expect((await db.api.findUniqueOrThrow({ where: { id: api.id } })).lastRevisionNumber).toBe(0);
  });

  it("gives two deploys at once consecutive numbers, one revision each", async () => {
    const { admin, api } = await publishedApi("ws://backend:7070");
    await saveTopics(admin, api.id, [catchAll, { name: "/x", publish: true, subscribe: true }]);
    const [a, b] = await Promise.all([
      deployApi(admin, { apiId: api.id, environments: ["Production"], description: "a" }),
      deployApi(admin, { apiId: api.id, environments: ["Development"], description: "b" }),
    ]);
    // The second waits for the first's lock, then finds the working copy already revision 2.
    expect([a.number, b.number]).toEqual([2, 2]);
    expect((await revisions(api.id)).map((r) => r.number)).toEqual([1, 2]);
  });

  it(`keeps at most ${maxRevisions} revisions, says so, and never reuses a number`, async () => {
    const { admin, api } = await publishedApi("ws://backend:7070");
    for (let i = 2; i <= maxRevisions; i++) {
      await saveTopics(admin, api.id, [catchAll, { name: `/t${i}`, publish: true, subscribe: true }]);
      await deployApi(admin, { apiId: api.id, environments: ["Development"] });
    }
    await saveTopics(admin, api.id, [catchAll, { name: "/sixth", publish: true, subscribe: true }]);
    const e = await refusal(deployApi(admin, { apiId: api.id, environments: ["Development"] }));
    expect([e.code, e.message]).toEqual(["CONFLICT", `An API keeps at most ${maxRevisions} revisions. Delete a revision that is not deployed, then deploy again.`]);

    const [, second] = await revisions(api.id);
    await deleteRevision(admin, { apiId: api.id, revisionId: second.id });
    const sixth = await deployApi(admin, { apiId: api.id, environments: ["Development"] });
    expect(sixth.number).toBe(maxRevisions + 1);
    expect((await revisions(api.id)).map((r) => r.number)).toEqual([1, 3, 4, 5, 6]);
  });

  it("refuses a retired API", async () => {
    const { admin, api } = await publishedApi("ws://backend:7070");
    await changeLifecycle(admin, api.id, "Deprecate");
    await changeLifecycle(admin, api.id, "Retire");
    expect(await refusal(deployApi(admin, { apiId: api.id, environments: ["Production"] }))).toMatchObject({ code: "CONFLICT", message: "A retired API cannot be deployed." });
  });
});

describe("rolling back, undeploying, deleting and restoring revisions", () => {
  async function twoRevisions() {
    const { admin, api } = await publishedApi("ws://backend:7070");
    await saveTopics(admin, api.id, [catchAll, { name: "/v2", publish: true, subscribe: true }]);
    await deployApi(admin, { apiId: api.id, environments: ["Production"] });
    const [first, second] = await revisions(api.id);
    return { admin, api, first, second };
  }

  it("rolls an environment back to an earlier revision and records from which", async () => {
    const { admin, api, first } = await twoRevisions();
    const notified = listener.next("deployment");
    await deployRevision(admin, { apiId: api.id, revisionId: first.id, environment: "Production" });
    await notified;
    expect(await liveRevisionNumbers(api.id)).toEqual({ Production: 1 });
    const history = await deploymentHistory(admin, api.id, { page: 0, pageSize: 10, sort: "desc" });
    expect(history.rows.map((h) => [h.action, h.environment, h.revisionNumber, h.fromRevisionNumber])).toEqual([
      ["Roll back", "Production", 1, 2],
      ["Deploy", "Production", 2, 1],
      ["Deploy", "Production", 1, null],
    ]);
    expect(await refusal(deployRevision(admin, { apiId: api.id, revisionId: first.id, environment: "Production" }))).toMatchObject({
      code: "CONFLICT",
      message: "Revision 1 is already deployed to Production.",
    });
  });

  it("refuses to delete a deployed revision, naming where it is live; undeployed, it goes", async () => {
    const { admin, api, second } = await twoRevisions();
    const e = await refusal(deleteRevision(admin, { apiId: api.id, revisionId: second.id }));
    expect([e.code, e.message]).toEqual(["CONFLICT", "Revision 2 is deployed to Production: deploy another revision there (or undeploy) before deleting it."]);
    await undeployApi(admin, { apiId: api.id, environment: "Production" });
    expect(await liveRevisionNumbers(api.id)).toEqual({});
    await deleteRevision(admin, { apiId: api.id, revisionId: second.id });
    expect((await revisions(api.id)).map((r) => r.number)).toEqual([1]);
    expect((await db.deploymentEvent.findFirstOrThrow({ where: { apiId: api.id }, orderBy: { createdAt: "desc" } })).action).toBe("Undeploy");
  });

  it("restores a revision to the working copy (a creator's edit), leaving what is live alone", async () => {
    const { admin, api, first } = await twoRevisions();
    const publisherOnly = await makeUser(["PUBLISHER"]);
    expect((await refusal(restoreRevision(publisherOnly, { apiId: api.id, revisionId: first.id }))).code).toBe("FORBIDDEN");
    await restoreRevision(await makeUser(["CREATOR"]), { apiId: api.id, revisionId: first.id });
    expect((await db.topic.findMany({ where: { apiId: api.id } })).map((t) => t.name)).toEqual(["/*"]);
    expect(await liveRevisionNumbers(api.id)).toEqual({ Production: 2 });
    expect((await getDeployments(admin, api.id)).undeployedChanges).toEqual(["Production"]);
  });

  it("deleting the API takes its revisions, deployments and their history with it", async () => {
    const { admin, api } = await twoRevisions();
    await deleteApi(admin, api.id);
    expect(await db.apiRevision.count({ where: { apiId: api.id } })).toBe(0);
    expect(await db.apiDeployment.count({ where: { apiId: api.id } })).toBe(0);
    expect(await db.deploymentEvent.count({ where: { apiId: api.id } })).toBe(0);
  });
});
