import { readdirSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { canConnect, createScratchDatabase, databaseExists, databaseUrl } from "./scratch-db";

describe("the test database", () => {
  it("reaches the test workers with every migration applied", async () => {
    const applied = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`;
    const authored = readdirSync("prisma/migrations").filter((d) => /^\d/.test(d)).sort();
    expect(applied.map((m) => m.migration_name)).toEqual(authored);
  });
});

describe("scratch databases", () => {
  it("are created migrated, copied from a migrated one, and dropped", { timeout: 120_000 }, async () => {
    // The server the tests run on, reached through its maintenance database.
    const adminUrl = databaseUrl(process.env.DATABASE_URL!, "postgres");
    const migrated = await createScratchDatabase(adminUrl, "selftest");
    const copy = await createScratchDatabase(adminUrl, "selfcopy", migrated);
    // Named after the run, which drops them should this test be stopped half-way.
    expect(migrated.name).toContain(`_${process.env.DUPLEX_TEST_RUN}_`);
    try {
      for (const database of [migrated, copy]) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        const { rows } = await client.query("SELECT to_regclass('public.\"User\"') IS NOT NULL AS has_users");
        await client.end();
        expect(rows[0].has_users).toBe(true);
      }
    } finally {
      await copy.drop();
      await migrated.drop();
    }
    expect(await databaseExists(adminUrl, migrated.name)).toBe(false);
    expect(await databaseExists(adminUrl, copy.name)).toBe(false);
    expect(await canConnect(copy.url, 1000)).toBe(false);
  });
});
