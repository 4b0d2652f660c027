// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes the schema
// as it was at the last commit to prisma/schema.prisma as it is now. The WebAssembly schema
// engine cannot introspect a live database (see shared/RECIPES.md), so we diff two schema
// files instead of `migrate dev`. It still needs a reachable PostgreSQL (DATABASE_URL).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";

const migrationsDir = "prisma/migrations";
const hasMigrations = existsSync(migrationsDir) && readdirSync(migrationsDir).some((d) => /^\d/.test(d));
let from = ["--from-empty"];
if (hasMigrations) {
  const previous = join(tmpdir(), `duplex-prev-${process.pid}.prisma`);
  writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
  from = ["--from-schema-datamodel", previous];
}
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8" },
);
if (/^-- This is an empty migration/m.test(sql)) {
  console.log("schema unchanged: no migration written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
writeFileSync(join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql`);
