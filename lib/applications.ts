// Applications: what an app developer subscribes with and holds keys for.
import { z } from "zod";
import { db } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { notifyConfigChanged } from "./notify";
import type { Actor } from "./roles";

export const defaultApplicationName = "DefaultApplication";

export const ZApplication = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name is required.")
    .max(60, "At most 60 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, "Letters, digits, spaces, '.', '_' and '-', starting with a letter or digit."),
  description: z.string().trim().max(500, "At most 500 characters.").default(""),
});
export type ApplicationInput = z.input<typeof ZApplication>;

export async function ensureDefaultApplication(ownerId: string): Promise<void> {
  // ON CONFLICT DO NOTHING: a user's first two sign-ins at once must not fail on the unique
  // name (Prisma's upsert is a read, then a create).
  await db.application.createMany({
    data: [{ ownerId, name: defaultApplicationName, description: "The application every user starts with." }],
    skipDuplicates: true,
  });
}

export function listApplications(actor: Actor) {
  return db.application.findMany({
    where: { ownerId: actor.id },
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { subscriptions: true } } },
  });
}

/** One of the actor's applications; another user's is "not found", not "forbidden", so ids leak nothing. */
export async function getApplication(actor: Actor, id: string) {
  const app = await db.application.findFirst({
    where: { id, ownerId: actor.id },
    include: {
      subscriptions: { include: { api: { include: { plans: { include: { plan: true } } } }, plan: true }, orderBy: { createdAt: "asc" } },
      keys: { select: { keyType: true, consumerKey: true, createdAt: true } },
    },
  });
  if (!app) throw new DuplexError("NOT_FOUND", "No such application.");
  return app;
}

function nameTaken(e: unknown, name: string): never {
  if (isUniqueViolation(e)) throw new DuplexError("CONFLICT", `You already have an application named ${name}.`, "name");
  throw e;
}

export async function createApplication(actor: Actor, raw: ApplicationInput) {
  const input = ZApplication.parse(raw);
  return db.application.create({ data: { ...input, ownerId: actor.id } }).catch((e) => nameTaken(e, input.name));
}

export async function updateApplication(actor: Actor, id: string, raw: ApplicationInput) {
  const input = ZApplication.parse(raw);
  const { count } = await db.application.updateMany({ where: { id, ownerId: actor.id }, data: input }).catch((e) => nameTaken(e, input.name));
  if (count === 0) throw new DuplexError("NOT_FOUND", "No such application.");
}

/**
 * Deletes the application with its keys and subscriptions (cascading). Tokens it was
 * given stop working at once: the gateway accepts only tokens of keys that still exist.
 */
export async function deleteApplication(actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.application.deleteMany({ where: { id, ownerId: actor.id } });
    if (count === 0) throw new DuplexError("NOT_FOUND", "No such application.");
    await notifyConfigChanged(tx, "keys");
  });
}
