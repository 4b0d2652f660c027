// Whether a signed-in session still holds. Checked on every request (app/_server/session.ts sessionActor):
// a session ends at once when its user is deleted or disabled, or when the user's session
// version has moved on since it was signed in (disabled, password changed or reset).
import { db } from "./db";
import type { Actor } from "./roles";

/** What a session token carries: the user and the session version they signed in with. */
export interface SessionClaims {
  userId?: string;
  /** Absent in sessions signed in before versions existed: taken as 0. */
  sessionVersion?: number;
}

export interface SessionUser {
  actor: Actor;
  /** Set by an admin's reset: the user must set a new password before anything else. */
  mustChangePassword: boolean;
}

/** The session's user as the domain sees them, or null when the session no longer holds. */
export async function sessionUser(claims: SessionClaims, ip?: string): Promise<SessionUser | null> {
  if (!claims.userId) return null;
  const user = await db.user.findUnique({
    where: { id: claims.userId },
    select: { id: true, username: true, roles: true, disabledAt: true, sessionVersion: true, mustChangePassword: true },
  });
  if (!user || user.disabledAt || user.sessionVersion !== (claims.sessionVersion ?? 0)) return null;
  const actor: Actor = { id: user.id, username: user.username, roles: user.roles, ...(ip ? { ip } : {}) };
  return { actor, mustChangePassword: user.mustChangePassword };
}
