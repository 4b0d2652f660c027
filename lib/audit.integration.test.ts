import { describe, expect, it } from "vitest";
import { setApiPlans } from "./api-plans";
import { updateApiInfo } from "./api-info";
import { createApi, deleteApi } from "./apis";
import { saveDefinition, definitionText } from "./asyncapi";
import { listAuditActions, listAuditEvents } from "./audit";
import { createApplication, deleteApplication, updateApplication } from "./applications";
import { db } from "./db";
import { deployApi, deployRevision, undeployApi } from "./deployments";
import { defaultEndpointConfig } from "./endpoint-config";
import { saveEndpoints } from "./endpoints";
import { generateAccessToken, generateKeys, regenerateSecret } from "./keys";
import { changeLifecycle } from "./lifecycle";
import { deleteRevision, restoreRevision } from "./revisions";
import { revokeOwnToken } from "./revocation";
import type { Actor } from "./roles";
import { changeSubscriptionPlan, subscribe, unsubscribe } from "./subscriptions";
import { makeUser, publishedApi, unique } from "./testing/fixtures";
import { refusal } from "./testing/refusal";
import { saveTopics } from "./topics";
import { signUp } from "./users";
import { createNewVersion, setDefaultVersion } from "./versions";

const rowsOf = (entityId: string) => db.auditEvent.findMany({ where: { entityId }, orderBy: [{ at: "asc" }, { id: "asc" }] });

async function newApi(actor: Actor, extra: Partial<Parameters<typeof createApi>[1]> = {}) {
  const name = unique("Api");
  return createApi(actor, { name, context: `/${name.toLowerCase()}`, version: "1.0", endpoint: "ws://localhost:7070", plans: ["Gold"], ...extra });
}

describe("the audit row of a change", () => {
  it("is one row per change, with who, from where, and the values before and after", async () => {
    const creator: Actor = { ...(await makeUser(["CREATOR"])), ip: "203.0.113.7" };
    const api = await newApi(creator, { description: "first", tags: ["chat"] });
    await updateApiInfo(creator, api.id, { description: "second", tags: ["chat", "rooms"] });

    const rows = await rowsOf(api.id);
    expect(rows.map((r) => [r.entity, r.action, r.actorId, r.actorUsername, r.ip])).toEqual([
      ["api", "create", creator.id, creator.username, "203.0.113.7"],
      ["api", "update-info", creator.id, creator.username, "203.0.113.7"],
    ]);
    expect(rows[0].before).toBeNull();
    expect(rows[0].after).toMatchObject({ name: api.name, status: "CREATED", plans: ["Gold"], endpoints: { production: "ws://localhost:7070", sandbox: null }, topics: ["/*"] });
    expect(rows[1].before).toEqual({ description: "first", tags: ["chat"], accessMode: "EXTERNAL" });
    expect(rows[1].after).toEqual({ description: "second", tags: ["chat", "rooms"], accessMode: "EXTERNAL" });
  });

  it("is not written when the change fails: a unique violation, a refused role, a refused state", async () => {
    const creator = await makeUser(["CREATOR"]);
    const api = await newApi(creator);
    expect((await refusal(createApi(creator, { name: api.name, context: "/elsewhere", version: "1.0" }))).field).toBe("name");
    const publisher = await makeUser(["PUBLISHER"]);
    expect((await refusal(setApiPlans(publisher, api.id, ["Bronze"]))).code).toBe("FORBIDDEN");
    expect((await refusal(changeLifecycle(publisher, api.id, "Retire"))).code).toBe("CONFLICT");
    expect((await refusal(saveTopics(creator, api.id, [{ name: "no-slash", publish: true, subscribe: true }]))).code).toBe("INVALID");
    expect((await rowsOf(api.id)).map((r) => r.action)).toEqual(["create"]);
    const named = await db.auditEvent.count({ where: { entity: "api", after: { path: ["name"], equals: api.name } } });
    expect(named).toBe(1);
  });

  it("follows an API through its life: each change one row, in order, naming what changed", async () => {
    const admin = await makeUser(["ADMIN"]);
    const api = await newApi(admin);
    await setApiPlans(admin, api.id, ["Gold", "Silver"]);
    await saveTopics(admin, api.id, [{ name: "/rooms", publish: true, subscribe: true }]);
    await saveEndpoints(admin, {
      apiId: api.id,
      production: { url: "ws://localhost:7071", config: { ...defaultEndpointConfig, headers: [{ name: "Authorization", value: "Bearer backend-credential" }] } },
      sandbox: { url: "", config: defaultEndpointConfig },
    });
    await changeLifecycle(admin, api.id, "Publish");
    const doc = (await definitionText(admin, api.id)).replace("/rooms:", "/lobby:");
    expect((await saveDefinition(admin, api.id, doc)).errors).toEqual([]);
    const second = await deployApi(admin, { apiId: api.id, environments: ["Development"] });
    await deployRevision(admin, { apiId: api.id, revisionId: (await db.apiRevision.findFirstOrThrow({ where: { apiId: api.id, number: 1 } })).id, environment: "Development" });
    await undeployApi(admin, { apiId: api.id, environment: "Development" });
    await restoreRevision(admin, { apiId: api.id, revisionId: second.id });
    await deleteRevision(admin, { apiId: api.id, revisionId: second.id });
    await setDefaultVersion(admin, api.id);
    const next = await createNewVersion(admin, { apiId: api.id, version: "2.0" });
    await deleteApi(admin, next.id);

    const rows = await rowsOf(api.id);
    expect(rows.map((r) => r.action)).toEqual([
      "create", "set-plans", "save-topics", "save-endpoints", "publish", "save-definition",
      "deploy", "roll-back", "undeploy", "restore-revision", "delete-revision", "set-default-version",
    ]);
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r]));
    expect(byAction["set-plans"].before).toEqual({ plans: ["Gold"] });
    expect(byAction["set-plans"].after).toEqual({ plans: ["Gold", "Silver"] });
    expect(byAction["publish"].after).toEqual({ status: "PUBLISHED", deployed: { environment: "Production", revision: 1 } });
    expect(byAction["deploy"].after).toMatchObject({ revision: 2, deployments: [{ environment: "Development", revision: 2 }] });
    expect(byAction["roll-back"].before).toEqual({ deployments: [{ environment: "Development", revision: 2 }] });
    expect(byAction["save-definition"].after).toMatchObject({ topics: ["/lobby"] });
    // The backend's credential appears nowhere in the log, only the header's name.
    const all = JSON.stringify(rows);
    expect(all).not.toContain("backend-credential");
    expect(byAction["save-endpoints"].after).toMatchObject({ endpoints: [{ type: "PRODUCTION", config: { headers: [{ name: "Authorization", value: "[redacted]" }] } }] });
    expect((await rowsOf(next.id)).map((r) => [r.action, (r.after as { from?: { version: string } } | null)?.from?.version ?? null])).toEqual([
      ["create-version", "1.0"],
      ["delete", null],
    ]);
  });
});

describe("subscriptions, applications, keys and tokens", () => {
  it("audit each change, and never the consumer secret, its hash or a token", async () => {
    const { api, admin } = await publishedApi("ws://localhost:7070");
    await setApiPlans(admin, api.id, ["Gold", "Silver"]);
    const user = await makeUser(["SUBSCRIBER"]);
    const app = await createApplication(user, { name: unique("App") });
    await updateApplication(user, app.id, { name: app.name, description: "Now described" });
    const subscription = await subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" });
    await changeSubscriptionPlan(user, subscription.id, "Silver");
    const keys = await generateKeys(user, { applicationId: app.id, keyType: "PRODUCTION" });
    const secret = await regenerateSecret(user, app.id, "PRODUCTION");
    const token = await generateAccessToken(user, app.id, "PRODUCTION");
    await revokeOwnToken(user, token.accessToken);
    await unsubscribe(user, subscription.id);
    await deleteApplication(user, app.id);

    expect((await rowsOf(app.id)).map((r) => r.action)).toEqual(["create", "update", "delete"]);
    const subscriptionRows = await rowsOf(subscription.id);
    expect(subscriptionRows.map((r) => [r.action, (r.before as { plan?: string } | null)?.plan ?? null, (r.after as { plan?: string } | null)?.plan ?? null])).toEqual([
      ["subscribe", null, "Gold"],
      ["change-plan", "Gold", "Silver"],
      ["unsubscribe", "Silver", null],
    ]);
    const keyRows = await db.auditEvent.findMany({ where: { entity: "keys", after: { path: ["consumerKey"], equals: keys.consumerKey } }, orderBy: { at: "asc" } });
    expect(keyRows.map((r) => r.action)).toEqual(["generate-keys", "regenerate-secret"]);
    expect((await rowsOf(token.jti)).map((r) => r.action)).toEqual(["issue", "revoke"]);

    const all = JSON.stringify([...keyRows, ...(await rowsOf(token.jti)), ...(await rowsOf(keys.token.jti))]);
    for (const secretValue of [keys.consumerSecret, secret, token.accessToken, keys.token.accessToken]) expect(all).not.toContain(secretValue);
    const hash = (await db.auditEvent.findFirstOrThrow({ where: { id: keyRows[0].id } })).after as Record<string, unknown>;
    expect(Object.keys(hash)).not.toContain("secretHash");
  });

  it("writes no row for a subscription that fails", async () => {
    const { api } = await publishedApi("ws://localhost:7070");
    const user = await makeUser(["SUBSCRIBER"]);
    const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
    await subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" });
    await refusal(subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" }));
    const rows = await db.auditEvent.findMany({ where: { entity: "subscription", actorId: user.id } });
    expect(rows.map((r) => r.action)).toEqual(["subscribe"]);
  });
});

describe("sign-up", () => {
  it("writes the new user's row, without the password, and none when the name is taken", async () => {
    const username = unique("dev");
    const actor = await signUp({ username, password: "correct horse", confirmPassword: "correct horse" }, "198.51.100.4");
    await refusal(signUp({ username, password: "another pass phrase", confirmPassword: "another pass phrase" }));
    const rows = await db.auditEvent.findMany({ where: { entity: "user", entityId: actor.id } });
    expect(rows.map((r) => [r.action, r.actorUsername, r.ip])).toEqual([["sign-up", username, "198.51.100.4"]]);
    expect(rows[0].after).toEqual({ username, email: null, roles: ["SUBSCRIBER"], applications: ["DefaultApplication"] });
    expect(JSON.stringify(rows)).not.toContain("correct horse");
  });

  it("refuses a common password at its field, as a changed one is, and writes no row", async () => {
    const username = unique("dev");
    await expect(signUp({ username, password: "password1234", confirmPassword: "password1234" })).rejects.toMatchObject({
      field: "password",
      message: "This is similar to a commonly used password. Add more words that are less common.",
    });
    await expect(signUp({ username, password: `${username}-pass`, confirmPassword: `${username}-pass` })).rejects.toMatchObject({
      message: "The password cannot contain your username.",
    });
    expect(await db.user.count({ where: { username } })).toBe(0);
  });
});

describe("listAuditEvents", () => {
  it("pages newest first and filters by actor, entity, action and time; admins only", async () => {
    const admin = await makeUser(["ADMIN"]);
    const creator = await makeUser(["CREATOR"]);
    const started = new Date(Date.now() - 1000);
    const apis = [];
    for (let i = 0; i < 3; i++) apis.push(await newApi(creator));
    await updateApiInfo(creator, apis[0].id, { description: "changed" });

    // makeUser's DefaultApplication is the creator's first row.
    expect((await listAuditEvents(admin, { actor: creator.username })).rows.at(-1)).toMatchObject({ entity: "application", action: "create" });
    const page0 = await listAuditEvents(admin, { actor: creator.username, entity: "api", pageSize: 2 });
    expect(page0.total).toBe(4);
    expect(page0.rows.map((r) => r.action)).toEqual(["update-info", "create"]);
    const page1 = await listAuditEvents(admin, { actor: creator.username, entity: "api", pageSize: 2, page: 1 });
    expect(page1.rows.map((r) => r.entityId)).toEqual([apis[1].id, apis[0].id]);

    expect((await listAuditEvents(admin, { actor: creator.username, action: "update-info" })).rows.map((r) => r.entityId)).toEqual([apis[0].id]);
    expect((await listAuditEvents(admin, { actor: creator.username, entity: "plan" })).total).toBe(0);
    expect((await listAuditEvents(admin, { actor: creator.username, entity: "api", from: started, to: new Date(Date.now() + 1000) })).total).toBe(4);
    expect((await listAuditEvents(admin, { actor: creator.username, entity: "api", to: started })).total).toBe(0);
    expect(await listAuditActions(admin)).toEqual(expect.arrayContaining(["create", "update-info"]));
    expect((await refusal(listAuditEvents(creator))).code).toBe("FORBIDDEN");
  });
});
