import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { verifyPassword } from "../lib/secrets";
import { seed } from "./seed";

describe("seed", () => {
  it("leaves one admin, signing in with admin / admin, however often it runs; WSO2's four plans are there from the migrations", async () => {
    await seed();
    await seed();

    const admins = await db.user.findMany({ where: { username: "admin" } });
    expect(admins).toHaveLength(1);
    expect(admins[0].roles).toEqual(expect.arrayContaining(["ADMIN", "CREATOR", "PUBLISHER", "SUBSCRIBER"]));
    expect(admins[0].passwordHash).not.toContain("admin");
    expect(await verifyPassword("admin", admins[0].passwordHash)).toBe(true);
    expect(await verifyPassword("Admin", admins[0].passwordHash)).toBe(false);

    const plans = await db.businessPlan.findMany({
      where: { name: { in: ["Unlimited", "Gold", "Silver", "Bronze"] } },
      orderBy: { name: "asc" },
    });
    expect(plans.map((p) => [p.name, p.eventCount])).toEqual([
      ["Bronze", 1000],
      ["Gold", 5000],
      ["Silver", 2000],
      ["Unlimited", null],
    ]);
  });
});
