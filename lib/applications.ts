// Applications: what an app developer subscribes with and holds keys for.
import { db } from "./db";
import { DuplexError } from "./errors";
import type { Actor } from "./roles";

export const defaultApplicationName = "DefaultApplication";

export async function ensureDefaultApplication(ownerId: string): Promise<void> {
  await db.application.upsert({
    where: { ownerId_name: { ownerId, name: defaultApplicationName } },
    create: { ownerId, name: defaultApplicationName, description: "The application every user starts with." },
    update: {},
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
      subscriptions: { include: { api: true, plan: true }, orderBy: { createdAt: "asc" } },
      keys: true,
    },
  });
  if (!app) throw new DuplexError("NOT_FOUND", "No such application.");
  return app;
}
