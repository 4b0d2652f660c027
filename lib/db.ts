// The one Prisma client of a process.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { config } from "./config";

export type { Prisma } from "../generated/prisma/client";
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// Next's dev server re-evaluates modules on every change; keep one client across reloads.
const holder = globalThis as unknown as { duplexPrisma?: PrismaClient };

function create(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: config().DATABASE_URL }) });
}

// A proxy so that importing this module never connects (nor needs DATABASE_URL) until used.
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    holder.duplexPrisma ??= create();
    const value = Reflect.get(holder.duplexPrisma, prop);
    return typeof value === "function" ? value.bind(holder.duplexPrisma) : value;
  },
});
