import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { parse } from "pg-connection-string";

export default defineConfig({
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  engine: "js",
  async adapter() {
    // Discrete fields, not a connection string: pg lets a connection string override `database`.
    const c = parse(process.env.DATABASE_URL!);
    return new PrismaPg({ host: c.host!, port: Number(c.port ?? 5432), user: c.user, password: c.password, database: c.database! });
  },
});
