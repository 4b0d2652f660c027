import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "./db";
import { createDenyPolicy, deleteDenyPolicy, enabledDenyPolicies, listDenyPolicies, updateDenyPolicy } from "./deny-policies";
import { compileDenyPolicies } from "./deny-policy-matcher";
import { makeUser, publishedApi, unique } from "./testing/fixtures";
import { listenForConfigChanges, type ConfigListener } from "./testing/notifications";
import { refusal } from "./testing/refusal";

let listener: ConfigListener;
beforeAll(async () => void (listener = await listenForConfigChanges()));
afterAll(() => listener.close());

/** A /24 of its own per call (one in 65,536), so tests sharing the database do not collide on a range. */
const freshRange = () => `10.${randomInt(256)}.${randomInt(256)}.0/24`;

describe("createDenyPolicy", () => {
  it("stores each kind written one way, checks what it names, and tells the gateways", async () => {
    const admin = await makeUser(["ADMIN"]);
    const { api } = await publishedApi("ws://localhost:7070");
    const owner = await makeUser(["SUBSCRIBER"]);
    const app = await db.application.findFirstOrThrow({ where: { ownerId: owner.id } });

    const told = listener.next("deny-policy");
    const byPath = await createDenyPolicy(admin, { type: "API_CONTEXT", value: `${api.context}/1.0/` });
    await told;
    expect(byPath.value).toBe(`${api.context}/1.0`);
    const byContext = await createDenyPolicy(admin, { type: "API_CONTEXT", value: api.context });
    const byApp = await createDenyPolicy(admin, { type: "APPLICATION", value: `${owner.username}/${app.name}`, description: "Abuse report 42" });
    const byUser = await createDenyPolicy(admin, { type: "USER", value: owner.username });
    const v6 = `2001:db8:${(process.pid % 0xffff).toString(16)}:${unique("").slice(0, 4)}::/64`;
    const byRange = await createDenyPolicy(admin, { type: "IP_RANGE", value: v6.toUpperCase() });
    expect([byApp.value, byUser.value, byRange.value]).toEqual([app.id, owner.id, v6]);

    const listed = await listDenyPolicies(admin);
    const mine = listed.filter((p) => [byPath.id, byContext.id, byApp.id, byUser.id, byRange.id].includes(p.id));
    expect(mine.map((p) => [p.type, p.label]).sort()).toEqual(
      [
        ["API_CONTEXT", `${api.context}/1.0`],
        ["API_CONTEXT", api.context],
        ["APPLICATION", `${owner.username}/${app.name}`],
        ["IP_RANGE", v6],
        ["USER", owner.username],
      ].sort(),
    );
    const rows = await db.auditEvent.findMany({ where: { entity: "deny-policy", entityId: byApp.id } });
    expect(rows.map((r) => [r.action, (r.after as { label: string }).label])).toEqual([["create", `${owner.username}/${app.name}`]]);

    const matcher = compileDenyPolicies(await enabledDenyPolicies());
    expect(matcher.match({ applicationId: app.id })?.id).toBe(byApp.id);
    expect(matcher.match({ apiContext: api.context, apiPath: `${api.context}/1.0` })?.id).toBeDefined();
  });

  it("refuses, on the value field, what is not an address, an API no one has, unknown names and a duplicate", async () => {
    const admin = await makeUser(["ADMIN"]);
    const field = async (p: Promise<unknown>) => {
      const e = await refusal(p);
      return [e.code, e.field, e.message];
    };
    expect(await field(createDenyPolicy(admin, { type: "IP_RANGE", value: "10.1.2.3/8" }))).toEqual(["INVALID", "value", "10.1.2.3/8 has bits set past its /8 prefix: the range is 10.0.0.0/8."]);
    expect(await field(createDenyPolicy(admin, { type: "API_CONTEXT", value: `/${unique("nothing")}` }))).toEqual(["INVALID", "value", expect.stringMatching(/^No API has the context or gateway path/)]);
    expect(await field(createDenyPolicy(admin, { type: "API_CONTEXT", value: "no-slash" }))).toEqual(["INVALID", "value", "An API context starts with '/'."]);
    expect(await field(createDenyPolicy(admin, { type: "USER", value: unique("ghost") }))).toEqual(["INVALID", "value", expect.stringMatching(/^No user named/)]);
    expect(await field(createDenyPolicy(admin, { type: "APPLICATION", value: "nobody/Nothing" }))).toEqual(["INVALID", "value", expect.stringMatching(/owner\/application name/)]);
    const range = freshRange();
    await createDenyPolicy(admin, { type: "IP_RANGE", value: range });
    expect(await field(createDenyPolicy(admin, { type: "IP_RANGE", value: range }))).toEqual(["CONFLICT", "value", `A deny policy for ${range} exists: enable it, if it is disabled.`]);
    expect((await refusal(createDenyPolicy(await makeUser(["CREATOR", "PUBLISHER"]), { type: "IP_RANGE", value: freshRange() }))).code).toBe("FORBIDDEN");
    expect(await db.auditEvent.count({ where: { entity: "deny-policy", after: { path: ["value"], equals: range } } })).toBe(1);
  });
});

describe("enabling, disabling and deleting a deny policy", () => {
  it("a disabled policy stays listed and blocks nothing; each change is audited and told", async () => {
    const admin = await makeUser(["ADMIN"]);
    const range = freshRange();
    const policy = await createDenyPolicy(admin, { type: "IP_RANGE", value: range });
    const address = range.replace(".0/24", ".77");
    const blocks = async () => compileDenyPolicies(await enabledDenyPolicies()).match({ clientAddress: address })?.id === policy.id;
    expect(await blocks()).toBe(true);

    let told = listener.next("deny-policy");
    await updateDenyPolicy(admin, policy.id, { enabled: false });
    await told;
    expect(await blocks()).toBe(false);
    expect((await listDenyPolicies(admin, { enabled: false })).some((p) => p.id === policy.id)).toBe(true);
    told = listener.next("deny-policy");
    await updateDenyPolicy(admin, policy.id, { enabled: true, description: "Back on" });
    await told;
    expect(await blocks()).toBe(true);
    told = listener.next("deny-policy");
    await deleteDenyPolicy(admin, policy.id);
    await told;
    expect(await blocks()).toBe(false);
    expect((await refusal(deleteDenyPolicy(admin, policy.id))).code).toBe("NOT_FOUND");
    const actions = (await db.auditEvent.findMany({ where: { entityId: policy.id }, orderBy: { at: "asc" } })).map((r) => r.action);
    expect(actions).toEqual(["create", "disable", "enable", "delete"]);
  });
});
