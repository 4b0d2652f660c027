import { describe, expect, it } from "vitest";
import { createApi } from "./apis";
import { db } from "./db";
import { changeLifecycle } from "./lifecycle";
import type { Actor } from "./roles";
import { makeUser, unique } from "./testing/fixtures";
import { refusal } from "./testing/refusal";

async function createdApi(actor: Actor, extra: { endpoint?: string; plans?: string[] } = { endpoint: "ws://localhost:7070", plans: ["Gold"] }) {
  const name = unique("Api");
  return createApi(actor, { name, context: `/${name.toLowerCase()}`, version: "1.0", ...extra });
}

async function statusOf(apiId: string) {
  return (await db.api.findUniqueOrThrow({ where: { id: apiId } })).status;
}

describe("changeLifecycle", () => {
  it("walks an API through WSO2's lifecycle and records each step with who took it", async () => {
    const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
    const api = await createdApi(publisher);
    const steps = [
      ["Deploy as a Prototype", "PROTOTYPED"],
      ["Publish", "PUBLISHED"],
      ["Block", "BLOCKED"],
      ["Re-Publish", "PUBLISHED"],
      ["Deprecate", "DEPRECATED"],
      ["Retire", "RETIRED"],
    ] as const;
    for (const [action, to] of steps) {
      expect(await changeLifecycle(publisher, api.id, action)).toBe(to);
      expect(await statusOf(api.id)).toBe(to);
    }
    const history = await db.lifecycleEvent.findMany({ where: { apiId: api.id, action: { not: "Create" } }, orderBy: { createdAt: "asc" } });
    expect(history.map((h) => [h.action, h.toStatus])).toEqual(steps.map(([action, to]) => [action, to]));
    expect(history.every((h) => h.userId === publisher.id)).toBe(true);
    expect(history[0].fromStatus).toBe("CREATED");
  });

  it("refuses a transition the state does not have, and changes nothing", async () => {
    const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
    const api = await createdApi(publisher);
    const e = await refusal(changeLifecycle(publisher, api.id, "Retire"));
    expect([e.code, e.message]).toEqual(["CONFLICT", "Retire is not possible from created."]);
    expect(await statusOf(api.id)).toBe("CREATED");
    expect(await db.lifecycleEvent.count({ where: { apiId: api.id } })).toBe(1);
  });

  it("never leaves RETIRED", async () => {
    const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
    const api = await createdApi(publisher);
    await changeLifecycle(publisher, api.id, "Publish");
    await changeLifecycle(publisher, api.id, "Deprecate");
    await changeLifecycle(publisher, api.id, "Retire");
    for (const action of ["Publish", "Re-Publish", "Demote to Created"] as const) {
      expect((await refusal(changeLifecycle(publisher, api.id, action))).code).toBe("CONFLICT");
    }
  });

  it("refuses to publish without a plan, naming what is missing", async () => {
    const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
    const api = await createdApi(publisher, { endpoint: "ws://localhost:7070", plans: [] });
    const e = await refusal(changeLifecycle(publisher, api.id, "Publish"));
    expect([e.code, e.message]).toEqual(["INVALID", "Cannot publish: at least one business plan is chosen is missing."]);
    expect(await statusOf(api.id)).toBe("CREATED");
  });

  it("lets a prototype go without a plan, but not without an endpoint", async () => {
    const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
    const withEndpoint = await createdApi(publisher, { endpoint: "ws://localhost:7070", plans: [] });
    expect(await changeLifecycle(publisher, withEndpoint.id, "Deploy as a Prototype")).toBe("PROTOTYPED");
    const bare = await createdApi(publisher, {});
    expect((await refusal(changeLifecycle(publisher, bare.id, "Deploy as a Prototype"))).code).toBe("INVALID");
    expect(await statusOf(bare.id)).toBe("CREATED");
  });

  it("refuses a creator without the publisher role", async () => {
    const creator = await makeUser(["CREATOR"]);
    const api = await createdApi(creator);
    expect((await refusal(changeLifecycle(creator, api.id, "Publish"))).code).toBe("FORBIDDEN");
    expect(await statusOf(api.id)).toBe("CREATED");
  });

  it("says NOT_FOUND for an unknown API", async () => {
    const publisher = await makeUser(["PUBLISHER"]);
    expect((await refusal(changeLifecycle(publisher, "00000000-0000-0000-0000-000000000000", "Publish"))).code).toBe("NOT_FOUND");
  });

  it("applies one of two identical clicks at once", async () => {
    const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
    const api = await createdApi(publisher);
    const results = await Promise.allSettled([changeLifecycle(publisher, api.id, "Publish"), changeLifecycle(publisher, api.id, "Publish")]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.lifecycleEvent.count({ where: { apiId: api.id, action: "Publish" } })).toBe(1);
  });
});
