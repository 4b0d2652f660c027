import { execFileSync } from "node:child_process";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { verifyPassword } from "../lib/secrets";
import { createScratchDatabase, databaseUrl } from "../scripts/scratch-db";
import { seed } from "./seed";

/** Seeds the database at `url` in a process of its own, as start-up does, with `env` added. */
function seedIn(url: string, env: Record<string, string> = {}) {
  const { DUPLEX_ADMIN_PASSWORD: _, ...inherited } = process.env;
  execFileSync(process.execPath, ["--import", "tsx", "-e", "import('./prisma/seed.ts').then((m) => m.seed()).then(() => process.exit(0))"], {
    env: { ...inherited, DATABASE_URL: url, ...env },
    stdio: "pipe",
  });
}

async function adminOf(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ passwordHash: string; hasDefaultPassword: boolean }>('SELECT "passwordHash", "hasDefaultPassword" FROM "User" WHERE username = $1', ["admin"]);
    return rows[0];
  } finally {
    await client.end();
  }
}

async function sql(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

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

describe("the seeded admin's password", () => {
  it("is DUPLEX_ADMIN_PASSWORD when set, else admin and flagged as the default; a database seeded before the flag gets it at the next start", { timeout: 120_000 }, async () => {
    const database = await createScratchDatabase(databaseUrl(process.env.DATABASE_URL!, "postgres"), "seed");
    try {
      seedIn(database.url, { DUPLEX_ADMIN_PASSWORD: "a-long-operator-secret" });
      const chosen = await adminOf(database.url);
      expect(await verifyPassword("a-long-operator-secret", chosen.passwordHash)).toBe(true);
      expect(await verifyPassword("admin", chosen.passwordHash)).toBe(false);
      expect(chosen.hasDefaultPassword).toBe(false);

      await sql(database.url, `DELETE FROM "User" WHERE username = 'admin'`);
      seedIn(database.url);
      const byDefault = await adminOf(database.url);
      expect(await verifyPassword("admin", byDefault.passwordHash)).toBe(true);
      expect(byDefault.hasDefaultPassword).toBe(true);

      // As a database from before the flag: admin/admin, unflagged. The next start flags it.
      await sql(database.url, `UPDATE "User" SET "hasDefaultPassword" = false WHERE username = 'admin'`);
      seedIn(database.url);
      expect((await adminOf(database.url)).hasDefaultPassword).toBe(true);
    } finally {
      await database.drop();
    }
  });

  it("refuses a DUPLEX_ADMIN_PASSWORD shorter than 10 characters, naming the setting", () => {
    let stderr = "";
    try {
      seedIn("postgresql://127.0.0.1:1/none", { DUPLEX_ADMIN_PASSWORD: "short" });
    } catch (e) {
      stderr = String((e as { stderr?: Buffer }).stderr);
    }
    expect(stderr).toContain("DUPLEX_ADMIN_PASSWORD must have at least 10 characters");
  });
});
