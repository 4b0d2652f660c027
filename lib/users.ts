// Users and sign-in.
import { db } from "./db";
import { verifyPassword } from "./secrets";
import type { Actor } from "./roles";
import { ensureDefaultApplication } from "./applications";

/** The user with these credentials, or null. Makes the user's DefaultApplication on first sign-in. */
export async function signIn(username: string, password: string): Promise<Actor | null> {
  const user = await db.user.findUnique({ where: { username } });
  if (!user || !(await verifyPassword(password, user.passwordHash))) return null;
  await ensureDefaultApplication(user.id);
  return { id: user.id, username: user.username, roles: user.roles };
}
