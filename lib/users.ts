// Users on their own behalf: sign-in, sign-up, and changing their password.
// What an admin does to users is in lib/user-management.ts.
import { z } from "zod";
import { db } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { hashPassword, verifyPassword } from "./secrets";
import type { Actor } from "./roles";
import { createDefaultApplication, ensureDefaultApplication } from "./applications";
import { recordAudit } from "./audit";
import { passwordWeakness } from "./password-strength";

export type SignInResult =
  | { ok: true; actor: Actor; sessionVersion: number; mustChangePassword: boolean }
  | { ok: false; reason: "invalid" | "disabled" };

/** Whether the password was right: the right password on a disabled account is no failed guess. */
export function passwordWasRight(result: SignInResult): boolean {
  return result.ok || result.reason === "disabled";
}

/**
 * Checks the credentials; makes the user's DefaultApplication on first sign-in. A disabled
 * user is told so only after the password matched, so the answer reveals nothing to a guesser.
 */
export async function signIn(username: string, password: string): Promise<SignInResult> {
  const user = await db.user.findUnique({ where: { username } });
  if (!(await verifyPassword(password, user?.passwordHash)) || !user) return { ok: false, reason: "invalid" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  const actor = { id: user.id, username: user.username, roles: user.roles };
  await ensureDefaultApplication(actor);
  return { ok: true, actor, sessionVersion: user.sessionVersion, mustChangePassword: user.mustChangePassword };
}

export const ZUsername = z
  .string()
  .trim()
  .min(3, "At least 3 characters.")
  .max(40, "At most 40 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Letters, digits, '.', '_' and '-', starting with a letter or digit.");

export const ZEmail = z.union([z.literal(""), z.email("Enter an email address such as ada@example.com.")]).default("");

/** A password a user or an admin sets: long enough, and not easy to guess (lib/password-strength.ts). */
export const ZNewPassword = z.string().min(10, "At least 10 characters.").max(200, "At most 200 characters.");

export const ZSignUp = z
  .object({
    username: ZUsername,
    email: ZEmail,
    password: ZNewPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

/** Self sign-up makes app developers (the subscriber role) only; other roles are granted by an admin. */
export async function signUp(raw: z.input<typeof ZSignUp>, ip?: string): Promise<Actor> {
  const input = ZSignUp.parse(raw);
  // The same bar as a changed password: a weak one is refused at the field, before any row.
  const weakness = newPasswordProblem(input.password, input.username);
  if (weakness) throw new DuplexError("INVALID", weakness, "password");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { username: input.username, email: input.email || null, passwordHash, roles: ["SUBSCRIBER"] } });
      const application = await createDefaultApplication(tx, user.id);
      const actor: Actor = { id: user.id, username: user.username, roles: user.roles, ...(ip ? { ip } : {}) };
      await recordAudit(tx, actor, {
        entity: "user",
        entityId: user.id,
        action: "sign-up",
        after: { username: user.username, email: user.email, roles: user.roles, applications: application ? [application.name] : [] },
      });
      return actor;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplexError("CONFLICT", `The username ${input.username} is taken.`, "username");
    throw e;
  }
}

/** The weakness of `password` for this user as a field message, or null. */
export function newPasswordProblem(password: string, username: string): string | null {
  if (password.toLowerCase().includes(username.toLowerCase())) return "The password cannot contain your username.";
  return passwordWeakness(password, [username]);
}

export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password."),
    newPassword: ZNewPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password other than your current one." });
export type ChangePasswordInput = z.input<typeof ZChangePassword>;

/**
 * The user sets a new password: clears a reset's must-change flag and ends every session of
 * theirs, this one too (its version no longer matches). Returns the new session version; the
 * caller signs the user in again with the new password.
 */
export async function changePassword(actor: Actor, raw: ChangePasswordInput): Promise<{ sessionVersion: number }> {
  const input = ZChangePassword.parse(raw);
  const user = await db.user.findUnique({ where: { id: actor.id } });
  if (!user || user.disabledAt) throw new DuplexError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new DuplexError("INVALID", "This is not your current password.", "currentPassword");
  }
  const weakness = newPasswordProblem(input.newPassword, user.username);
  if (weakness) throw new DuplexError("INVALID", weakness, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    // The version seen at the check: a reset or a change in between wins, and this one is refused.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, sessionVersion: user.sessionVersion },
      data: { passwordHash, mustChangePassword: false, hasDefaultPassword: false, sessionVersion: { increment: 1 } },
    });
    if (count === 0) throw new DuplexError("CONFLICT", "Your password was changed meanwhile. Sign in again.");
    await recordAudit(tx, actor, {
      entity: "user",
      entityId: user.id,
      action: "change-password",
      before: { mustChangePassword: user.mustChangePassword, sessionVersion: user.sessionVersion },
      after: { mustChangePassword: false, sessionVersion: user.sessionVersion + 1 },
    });
    return { sessionVersion: user.sessionVersion + 1 };
  });
}

/**
 * For an admin: the account that still has the seeded default password (admin/admin), their
 * own first (that one they can change themselves), or null. Everyone else is told nothing.
 */
export async function defaultPasswordAccount(actor: Actor): Promise<{ username: string; isYou: boolean } | null> {
  if (!actor.roles.includes("ADMIN")) return null;
  const flagged = await db.user.findMany({ where: { hasDefaultPassword: true, disabledAt: null }, select: { id: true, username: true }, take: 10 });
  const user = flagged.find((u) => u.id === actor.id) ?? flagged[0];
  return user ? { username: user.username, isYou: user.id === actor.id } : null;
}
