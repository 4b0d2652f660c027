// Admin → Users: list and search users, create them, grant and remove roles, disable and
// enable them, reset their passwords. Admins only; every change audited in its transaction.
// The platform always keeps one active admin: the last cannot lose the role or be disabled.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import { createDefaultApplication } from "./applications";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { notifyConfigChanged } from "./notify";
import { assertRole, type Actor, type Role } from "./roles";
import { hashPassword } from "./secrets";
import { newPasswordProblem, ZEmail, ZNewPassword, ZUsername } from "./users";

export const allRoles = ["ADMIN", "CREATOR", "PUBLISHER", "SUBSCRIBER"] as const satisfies readonly Role[];
export const ZRoles = z.array(z.enum(allRoles, { message: "Choose from admin, creator, publisher and subscriber." })).transform((roles) => [...new Set(roles)]);

const userColumns = { id: true, username: true, email: true, roles: true, createdAt: true, disabledAt: true, mustChangePassword: true } as const;
export type ManagedUser = Prisma.UserGetPayload<{ select: typeof userColumns }>;

export const ZUserQuery = z.object({
  page: z.coerce.number().int().min(0).default(0),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  sortBy: z.enum(["username", "email", "createdAt"]).default("username"),
  sortDirection: z.enum(["asc", "desc"]).default("asc"),
  /** Part of a username or email, any case. */
  search: z.string().trim().max(100).default(""),
  role: z.enum(allRoles).optional(),
  status: z.enum(["active", "disabled"]).optional(),
});
export type UserQuery = z.input<typeof ZUserQuery>;

/** One page of users for the Users DataGrid, and how many match in all. */
export async function listUsers(actor: Actor, raw: UserQuery = {}): Promise<{ rows: ManagedUser[]; total: number }> {
  assertRole(actor, "ADMIN");
  const q = ZUserQuery.parse(raw);
  const where: Prisma.UserWhereInput = {
    ...(q.search
      ? { OR: [{ username: { contains: q.search, mode: "insensitive" } }, { email: { contains: q.search, mode: "insensitive" } }] }
      : {}),
    ...(q.role ? { roles: { has: q.role } } : {}),
    ...(q.status ? { disabledAt: q.status === "disabled" ? { not: null } : null } : {}),
  };
  const [rows, total] = await db.$transaction([
    db.user.findMany({ where, select: userColumns, orderBy: [{ [q.sortBy]: q.sortDirection }, { id: "asc" }], skip: q.page * q.pageSize, take: q.pageSize }),
    db.user.count({ where }),
  ]);
  return { rows, total };
}

export async function getUser(actor: Actor, userId: string): Promise<ManagedUser> {
  assertRole(actor, "ADMIN");
  const user = await db.user.findUnique({ where: { id: userId }, select: userColumns });
  if (!user) throw new DuplexError("NOT_FOUND", "No such user.");
  return user;
}

/** Shown once to the admin, who passes it on; the user must replace it at the next sign-in. */
function temporaryPassword(): string {
  return randomBytes(12).toString("base64url");
}

export const ZCreateUser = z.object({
  username: ZUsername,
  email: ZEmail,
  roles: ZRoles.default(["SUBSCRIBER"]),
  /** Empty: a temporary password is made and shown once. */
  password: z.union([z.literal(""), ZNewPassword]).default(""),
});
export type CreateUserInput = z.input<typeof ZCreateUser>;

/** A new user with their roles and DefaultApplication; they must set their own password at the first sign-in. */
export async function createUser(actor: Actor, raw: CreateUserInput): Promise<{ user: ManagedUser; temporaryPassword: string | null }> {
  assertRole(actor, "ADMIN");
  const input = ZCreateUser.parse(raw);
  if (input.password) {
    const weakness = newPasswordProblem(input.password, input.username);
    if (weakness) throw new DuplexError("INVALID", weakness.replace("your username", "the username"), "password");
  }
  const generated = input.password ? null : temporaryPassword();
  const passwordHash = await hashPassword(input.password || generated!);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: input.username, email: input.email || null, roles: input.roles, passwordHash, mustChangePassword: true },
        select: userColumns,
      });
      const application = await createDefaultApplication(tx, user.id);
      await recordAudit(tx, actor, {
        entity: "user",
        entityId: user.id,
        action: "create",
        after: { username: user.username, email: user.email, roles: user.roles, mustChangePassword: true, applications: application ? [application.name] : [] },
      });
      return { user, temporaryPassword: generated };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplexError("CONFLICT", `The username ${input.username} is taken.`, "username");
    throw e;
  }
}

/**
 * Refuses a change that would leave no active admin. Takes a lock that every such change
 * takes, so two admins removing each other at once cannot both pass the count.
 */
async function assertAnotherActiveAdmin(tx: Tx, userId: string, refusal: string, field?: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('duplex_active_admins'))`;
  const others = await tx.user.count({ where: { id: { not: userId }, roles: { has: "ADMIN" }, disabledAt: null } });
  if (others === 0) throw new DuplexError("CONFLICT", refusal, field);
}

async function lockedUser(tx: Tx, userId: string) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
  if (!row) throw new DuplexError("NOT_FOUND", "No such user.");
  return tx.user.findUniqueOrThrow({ where: { id: userId }, select: { ...userColumns, sessionVersion: true } });
}

export const ZSetRoles = z.object({ userId: z.string().min(1), roles: ZRoles });

/**
 * Grants and removes roles. A change ends the user's sessions (the session version moves on):
 * what they were shown under the old roles is not kept, they sign in again under the new ones.
 */
export async function setUserRoles(actor: Actor, raw: z.input<typeof ZSetRoles>): Promise<ManagedUser> {
  assertRole(actor, "ADMIN");
  const input = ZSetRoles.parse(raw);
  return db.$transaction(async (tx) => {
    const user = await lockedUser(tx, input.userId);
    if (user.roles.includes("ADMIN") && !input.roles.includes("ADMIN") && !user.disabledAt) {
      await assertAnotherActiveAdmin(tx, user.id, `${user.username} is the last active admin: make another user an admin first.`, "roles");
    }
    const changed = user.roles.length !== input.roles.length || user.roles.some((r) => !input.roles.includes(r));
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { roles: input.roles, ...(changed ? { sessionVersion: { increment: 1 } } : {}) },
      select: userColumns,
    });
    await recordAudit(tx, actor, { entity: "user", entityId: user.id, action: "set-roles", before: { roles: user.roles }, after: { roles: updated.roles } });
    return updated;
  });
}

/**
 * Disables a user: they cannot sign in, their sessions end at the next request (the session
 * version moves on), and the gateways refuse their applications' tokens (the "user" notification).
 */
export async function disableUser(actor: Actor, userId: string): Promise<ManagedUser> {
  assertRole(actor, "ADMIN");
  if (userId === actor.id) throw new DuplexError("CONFLICT", "You cannot disable your own account: another admin can.");
  return db.$transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    if (user.disabledAt) throw new DuplexError("CONFLICT", `${user.username} is already disabled.`);
    if (user.roles.includes("ADMIN")) await assertAnotherActiveAdmin(tx, user.id, `${user.username} is the last active admin and cannot be disabled.`);
    const updated = await tx.user.update({ where: { id: user.id }, data: { disabledAt: new Date(), sessionVersion: { increment: 1 } }, select: userColumns });
    await recordAudit(tx, actor, { entity: "user", entityId: user.id, action: "disable", before: { disabledAt: null }, after: { disabledAt: updated.disabledAt } });
    await notifyConfigChanged(tx, "user");
    return updated;
  });
}

export async function enableUser(actor: Actor, userId: string): Promise<ManagedUser> {
  assertRole(actor, "ADMIN");
  return db.$transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    if (!user.disabledAt) throw new DuplexError("CONFLICT", `${user.username} is not disabled.`);
    const updated = await tx.user.update({ where: { id: user.id }, data: { disabledAt: null }, select: userColumns });
    await recordAudit(tx, actor, { entity: "user", entityId: user.id, action: "enable", before: { disabledAt: user.disabledAt }, after: { disabledAt: null } });
    await notifyConfigChanged(tx, "user");
    return updated;
  });
}

/**
 * Resets a user's password to a temporary one, shown once to the admin: the user's sessions
 * end, and their next sign-in must set a new password.
 */
export async function resetPassword(actor: Actor, userId: string): Promise<{ user: ManagedUser; temporaryPassword: string }> {
  assertRole(actor, "ADMIN");
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, mustChangePassword: true, hasDefaultPassword: false, sessionVersion: { increment: 1 } },
      select: userColumns,
    });
    await recordAudit(tx, actor, {
      entity: "user",
      entityId: user.id,
      action: "reset-password",
      before: { mustChangePassword: user.mustChangePassword },
      after: { mustChangePassword: true },
    });
    return { user: updated, temporaryPassword: password };
  });
}
