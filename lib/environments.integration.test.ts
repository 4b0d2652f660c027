import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateApiInfo } from "./api-info";
import { createApi, getPortalApi } from "./apis";
import { config } from "./config";
import { db } from "./db";
import { deployApi, getDeployments, undeployApi } from "./deployments";
import { createEnvironment, deleteEnvironment, environmentView, getEnvironment, listEnvironments, updateEnvironment } from "./environments";
import { changeLifecycle } from "./lifecycle";
import { makeUser, unique } from "./testing/fixtures";
import { listenForConfigChanges, type ConfigListener } from "./testing/notifications";
import { refusal } from "./testing/refusal";

let listener: ConfigListener;
beforeAll(async () => void (listener = await listenForConfigChanges()));
afterAll(() => listener.close());

const name = () => unique("Edge").replace(/^/, "E");

async function publishedTo(admin: Awaited<ReturnType<typeof makeUser>>, accessMode: "EXTERNAL" | "INTERNAL" = "EXTERNAL") {
  const apiName = unique("Api");
  const api = await createApi(admin, { name: apiName, context: `/${apiName.toLowerCase()}`, version: "1.0", endpoint: "ws://localhost:7070", plans: ["Gold"], accessMode });
  await changeLifecycle(admin, api.id, "Publish");
  return api;
}

describe("the environments there are", () => {
  it("are Development and Production first, with the URLs of the settings until an admin sets others", async () => {
    const [development, production] = await listEnvironments();
    expect([development.name, production.name]).toEqual(["Development", "Production"]);
    expect(production).toMatchObject({ ws: config().GATEWAY_URL, internal: false, fromSettings: { ws: true } });
    expect(development.ws).toBe(config().GATEWAY_DEV_URL);
    const edited = environmentView({ name: "Production", displayName: "Production", description: "", wsUrl: "ws://gw.example.com:80", wssUrl: null, internal: false });
    expect(edited).toMatchObject({ ws: "ws://gw.example.com:80", fromSettings: { ws: false } });
  });
});

describe("an environment an admin adds", () => {
  it("is listed, deployed to, shown in the Developer Portal with its URLs, and deleted once nothing is deployed there", async () => {
    const admin = await makeUser(["ADMIN"]);
    const edge = name();
    const told = listener.next("environment");
    const created = await createEnvironment(admin, { name: edge, displayName: "Edge (EU)", wsUrl: "ws://edge.example.com:9099", wssUrl: "wss://edge.example.com:8099" });
    await told;
    expect(created).toMatchObject({ name: edge, ws: "ws://edge.example.com:9099", wss: "wss://edge.example.com:8099", internal: false, fromSettings: { ws: false, wss: false } });
    expect((await listEnvironments()).map((e) => e.name)).toContain(edge);

    const api = await publishedTo(admin);
    await deployApi(admin, { apiId: api.id, environments: [edge] });
    const state = (await getDeployments(admin, api.id)).environments.find((e) => e.environment === edge)!;
    expect(state).toMatchObject({ displayName: "Edge (EU)", urls: { ws: "ws://edge.example.com:9099" }, servesApi: true, deployment: { revisionNumber: 1 } });
    expect((await getPortalApi(api.id)).environments.map((e) => e.name)).toEqual(["Production", edge]);

    const e = await refusal(deleteEnvironment(admin, edge));
    expect([e.code, e.message]).toEqual(["CONFLICT", "1 API is deployed to Edge (EU): undeploy it first."]);
    await undeployApi(admin, { apiId: api.id, environment: edge });
    await deleteEnvironment(admin, edge);
    expect((await refusal(getEnvironment(edge))).code).toBe("NOT_FOUND");
    // The history outlives it.
    expect(await db.deploymentEvent.count({ where: { apiId: api.id, environment: edge } })).toBe(2);
    const actions = (await db.auditEvent.findMany({ where: { entity: "environment", entityId: edge }, orderBy: { at: "asc" } })).map((r) => r.action);
    expect(actions).toEqual(["create", "delete"]);
  });

  it("is edited but for its name; an added one needs its ws URL", async () => {
    const admin = await makeUser(["ADMIN"]);
    const edge = name();
    await createEnvironment(admin, { name: edge, displayName: "Edge", wsUrl: "ws://edge.example.com:9099" });
    const edited = await updateEnvironment(admin, edge, { displayName: "Edge, inside", wsUrl: "ws://edge.internal:9099", internal: true });
    expect(edited).toMatchObject({ displayName: "Edge, inside", ws: "ws://edge.internal:9099", wss: null, internal: true });
    const missing = await refusal(updateEnvironment(admin, edge, { displayName: "Edge", wsUrl: "" }));
    expect([missing.code, missing.field]).toEqual(["INVALID", "wsUrl"]);
    const [row] = await db.auditEvent.findMany({ where: { entity: "environment", entityId: edge, action: "update" } });
    expect([row.before, row.after]).toMatchObject([{ internal: false, wsUrl: "ws://edge.example.com:9099" }, { internal: true, wsUrl: "ws://edge.internal:9099" }]);
  });

  it("refuses a name taken in any case, bad names and URLs, the default environment's deletion and a non-admin", async () => {
    const admin = await makeUser(["ADMIN"]);
    const taken = await refusal(createEnvironment(admin, { name: "production", displayName: "Prod", wsUrl: "ws://x:1" }));
    expect([taken.code, taken.field, taken.message]).toEqual(["CONFLICT", "name", "There is an environment named Production."]);
    await expect(createEnvironment(admin, { name: "1st", displayName: "x", wsUrl: "ws://x:1" })).rejects.toThrow("starting with a letter");
    await expect(createEnvironment(admin, { name: name(), displayName: "x", wsUrl: "http://x:1" })).rejects.toThrow("A ws:// URL with a host and port only");
    await expect(createEnvironment(admin, { name: name(), displayName: "x", wsUrl: "ws://x:1", wssUrl: "ws://x:2" })).rejects.toThrow("A wss:// URL");
    expect((await refusal(deleteEnvironment(admin, "Production"))).message).toBe("Production cannot be deleted: Publish deploys there.");
    expect((await refusal(createEnvironment(await makeUser(["PUBLISHER"]), { name: name(), displayName: "x", wsUrl: "ws://x:1" }))).code).toBe("FORBIDDEN");
    const unknown = await refusal(deployApi(admin, { apiId: (await publishedTo(admin)).id, environments: ["Nowhere"] }));
    expect([unknown.code, unknown.field, unknown.message]).toEqual(["INVALID", "environments", "No gateway environment named Nowhere."]);
  });
});

describe("an Internal API", () => {
  it("is served, and shown in the Developer Portal, only where the environment is internal", async () => {
    const admin = await makeUser(["ADMIN"]);
    const api = await publishedTo(admin, "INTERNAL");
    // Deployed to Production on publishing, which is external: not reachable, so not shown.
    expect((await getDeployments(admin, api.id)).environments.find((e) => e.environment === "Production")).toMatchObject({ servesApi: false, deployment: { revisionNumber: 1 } });
    expect((await refusal(getPortalApi(api.id))).code).toBe("NOT_FOUND");

    const inside = name();
    await createEnvironment(admin, { name: inside, displayName: "Inside", wsUrl: "ws://gw.corp:9099", internal: true });
    await deployApi(admin, { apiId: api.id, environments: [inside] });
    expect((await getPortalApi(api.id)).environments.map((e) => [e.name, e.ws])).toEqual([[inside, "ws://gw.corp:9099"]]);

    // Made external, it is served everywhere it is deployed; the change reaches the gateways.
    const told = listener.next("api");
    await updateApiInfo(admin, api.id, { description: "", tags: [], accessMode: "EXTERNAL" });
    await told;
    expect((await getPortalApi(api.id)).environments.map((e) => e.name)).toEqual(["Production", inside]);
  });
});
