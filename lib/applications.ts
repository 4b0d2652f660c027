// Applications: what an app developer subscribes with and holds keys for.
import { z } from "zod";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { notifyConfigChanged } from "./notify";
import type { Actor } from "./roles";
import { latestApproval } from "./subscriptions";

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

/** Makes the owner's DefaultApplication unless they have one; the new row, or null. For a caller that audits the whole change (sign-up, a user created by an admin). */
export async function createDefaultApplication(tx: Tx, ownerId: string) {
  // ON CONFLICT DO NOTHING: a user's first two sign-ins at once must not fail on the unique
  // name (Prisma's upsert is a read, then a create).
  const { count } = await tx.application.createMany({
    data: [{ ownerId, name: defaultApplicationName, description: "The application every user starts with." }],
    skipDuplicates: true,
  });
  return count > 0 ? tx.application.findUniqueOrThrow({ where: { ownerId_name: { ownerId, name: defaultApplicationName } } }) : null;
}

/** At sign-in: the user's DefaultApplication, made (and audited as theirs) when they have none. */
export async function ensureDefaultApplication(owner: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const created = await createDefaultApplication(tx, owner.id);
    if (created) await recordAudit(tx, owner, { entity: "application", entityId: created.id, action: "create", after: auditedApplication(created) });
  });
}

function auditedApplication(app: { name: string; description: string; ownerId: string }) {
  return { name: app.name, description: app.description, ownerId: app.ownerId };
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
      subscriptions: {
        include: { api: { include: { plans: { include: { plan: true } } } }, plan: true, workflowTasks: latestApproval },
        orderBy: { createdAt: "asc" },
      },
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
  return db
    .$transaction(async (tx) => {
      const app = await tx.application.create({ data: { ...input, ownerId: actor.id } });
      await recordAudit(tx, actor, { entity: "application", entityId: app.id, action: "create", after: auditedApplication(app) });
      return app;
    })
    .catch((e) => nameTaken(e, input.name));
}

export async function updateApplication(actor: Actor, id: string, raw: ApplicationInput) {
  const input = ZApplication.parse(raw);
  await db
    .$transaction(async (tx) => {
      const before = await tx.application.findFirst({ where: { id, ownerId: actor.id } });
      if (!before) throw new DuplexError("NOT_FOUND", "No such application.");
      const after = await tx.application.update({ where: { id }, data: input });
      await recordAudit(tx, actor, { entity: "application", entityId: id, action: "update", before: auditedApplication(before), after: auditedApplication(after) });
    })
    .catch((e) => nameTaken(e, input.name));
}

/**
 * Deletes the application with its keys and subscriptions (cascading). Tokens it was
 * given stop working at once: the gateway accepts only tokens of keys that still exist.
 */
export async function deleteApplication(actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const before = await tx.application.findFirst({
      where: { id, ownerId: actor.id },
      include: { keys: { select: { keyType: true, consumerKey: true } }, subscriptions: { select: { apiId: true, status: true } } },
    });
    if (!before) throw new DuplexError("NOT_FOUND", "No such application.");
    // A second delete racing this one finds nothing to delete: not found, as if it came later.
    const { count } = await tx.application.deleteMany({ where: { id, ownerId: actor.id } });
    if (count === 0) throw new DuplexError("NOT_FOUND", "No such application.");
    await recordAudit(tx, actor, {
      entity: "application",
      entityId: id,
      action: "delete",
      before: { ...auditedApplication(before), keys: before.keys, subscriptions: before.subscriptions },
    });
    await notifyConfigChanged(tx, "keys");
  });
}
