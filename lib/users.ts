// Users: sign-in and sign-up.
import { z } from "zod";
import { db } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { hashPassword, verifyPassword } from "./secrets";
import type { Actor } from "./roles";
import { ensureDefaultApplication } from "./applications";

/** The user with these credentials, or null. Makes the user's DefaultApplication on first sign-in. */
export async function signIn(username: string, password: string): Promise<Actor | null> {
  const user = await db.user.findUnique({ where: { username } });
  if (!user || !(await verifyPassword(password, user.passwordHash))) return null;
  await ensureDefaultApplication(user.id);
  return { id: user.id, username: user.username, roles: user.roles };
}

export const ZSignUp = z
  .object({
    username: z
      .string()
      .trim()
      .min(3, "At least 3 characters.")
      .max(40, "At most 40 characters.")
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Letters, digits, '.', '_' and '-', starting with a letter or digit."),
    email: z.union([z.literal(""), z.email("Enter an email address such as ada@example.com.")]).default(""),
    password: z.string().min(8, "At least 8 characters.").max(200, "At most 200 characters."),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

/** Self sign-up makes app developers (the subscriber role) only; other roles are granted by an admin. */
export async function signUp(raw: z.input<typeof ZSignUp>): Promise<Actor> {
  const input = ZSignUp.parse(raw);
  try {
    const user = await db.user.create({
      data: { username: input.username, email: input.email || null, passwordHash: await hashPassword(input.password), roles: ["SUBSCRIBER"] },
    });
    await ensureDefaultApplication(user.id);
    return { id: user.id, username: user.username, roles: user.roles };
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplexError("CONFLICT", `The username ${input.username} is taken.`, "username");
    throw e;
  }
}
