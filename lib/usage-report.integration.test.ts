import { describe, expect, it } from "vitest";
import { db } from "./db";
import { addUsage, type UsageDelta } from "./usage";
import { apiUsage } from "./usage-report";
import { makeUser, publishedApi } from "./testing/fixtures";

const minute = 60_000;
const delta = (apiId: string, applicationId: string, at: number, messagesIn: number): UsageDelta => ({
  apiId,
  applicationId,
  minute: at,
  connections: 1,
  messagesIn,
  messagesOut: messagesIn * 2,
  bytesIn: messagesIn * 10,
  bytesOut: messagesIn * 20,
  throttled: 1,
  errors: 0,
});

describe("apiUsage", () => {
  it("sums the window's minutes into totals, per-bucket points and per-application rows", async () => {
    const { admin, api } = await publishedApi("ws://localhost:1");
    const [alice, bob] = [await makeUser(), await makeUser()];
    const [aliceApp, bobApp] = await Promise.all([alice, bob].map((u) => db.application.findFirstOrThrow({ where: { ownerId: u.id } })));
    const now = new Date("2026-11-30T12:30:30Z");
    const thisMinute = Date.parse("2026-11-30T12:30:00Z");
    await addUsage([
      delta(api.id, aliceApp.id, thisMinute, 5),
      delta(api.id, aliceApp.id, thisMinute - 2 * minute, 3),
      delta(api.id, bobApp.id, thisMinute - 2 * minute, 1),
      // Outside the hour: only in the 24-hour window.
      delta(api.id, bobApp.id, thisMinute - 3 * 60 * minute, 100),
    ]);

    const hour = await apiUsage(admin, api.id, "1h", now);
    expect(hour.totals).toEqual({ connections: 3, messagesIn: 9, messagesOut: 18, bytesIn: 90, bytesOut: 180, throttled: 3, errors: 0 });
    expect(hour.timeline).toHaveLength(60);
    expect(hour.timeline.at(-1)).toMatchObject({ at: new Date(thisMinute), messagesIn: 5 });
    expect(hour.timeline.at(-3)).toMatchObject({ at: new Date(thisMinute - 2 * minute), messagesIn: 4, connections: 2 });
    expect(hour.timeline.at(-2)).toMatchObject({ messagesIn: 0, connections: 0 });
    expect(hour.applications.map((a) => [a.owner, a.messagesIn])).toEqual([
      [alice.username, 8],
      [bob.username, 1],
    ]);

    const day = await apiUsage(admin, api.id, "24h", now);
    expect(day.totals.messagesIn).toBe(109);
    expect(day.timeline).toHaveLength(24);
    expect(day.timeline.at(-1)).toMatchObject({ at: new Date("2026-11-30T12:00:00Z"), messagesIn: 9 });
    expect(day.timeline.at(-4)).toMatchObject({ at: new Date("2026-11-30T09:00:00Z"), messagesIn: 100 });
    expect(day.applications[0]).toMatchObject({ owner: bob.username, messagesIn: 101 });
  });

  it("is for the Publisher's roles only, and says NOT_FOUND for an unknown API", async () => {
    const { api } = await publishedApi("ws://localhost:1");
    const subscriber = await makeUser(["SUBSCRIBER"]);
    await expect(apiUsage(subscriber, api.id, "1h")).rejects.toMatchObject({ code: "FORBIDDEN" });
    const publisher = await makeUser(["PUBLISHER"]);
    await expect(apiUsage(publisher, "00000000-0000-0000-0000-000000000000", "1h")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await apiUsage(publisher, api.id, "7d")).timeline).toHaveLength(28);
  });
});
