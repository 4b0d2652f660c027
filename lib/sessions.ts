// Whether a signed-in session still holds. Checked on every request (app/_server/session.ts):
// a session ends at once when it was signed out, when it has been idle for SESSION_IDLE_MINUTES
// or alive for SESSION_MAX_HOURS, when its user is deleted or disabled, or when the user's
// session version has moved on since it was signed in (disabled, roles changed, password
// changed or reset: every session of theirs ends).
import { randomBytes } from "node:crypto";
import { config } from "./config";
import { db } from "./db";
import type { Actor } from "./roles";

/** What a session token carries: its session row, the user and the session version they signed in with. */
export interface SessionClaims {
  userId?: string;
  sessionId?: string;
  sessionVersion?: number;
}

export interface SessionUser {
  actor: Actor;
  /** Set by an admin's reset: the user must set a new password before anything else. */
  mustChangePassword: boolean;
}

// lastSeenAt moves on at most this often: one write a minute per active session, not one per request.
const touchEveryMs = 60_000;

const lifetimeMs = () => config().SESSION_MAX_HOURS * 3_600_000;

/**
 * A new session row for a sign-in; its id goes into the (encrypted) session cookie. The user's
 * rows that can no longer hold go at the same time, so a user has no more rows than sign-ins
 * within SESSION_MAX_HOURS.
 */
export async function startSession(userId: string, now = new Date()): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  const born = new Date(now.getTime() - lifetimeMs());
  await db.$transaction([
    db.userSession.deleteMany({ where: { userId, OR: [{ endedAt: { not: null } }, { createdAt: { lte: born } }] } }),
    db.userSession.create({ data: { id, userId, createdAt: now, lastSeenAt: now } }),
  ]);
  return id;
}

/** Sign out: the row ends, so the cookie, or a copy of it, no longer signs anyone in. */
export async function endSession(sessionId: string | undefined): Promise<void> {
  if (!sessionId) return;
  await db.userSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date() } });
}

/** Whether a session row no longer holds: signed out, past its lifetime, or idle too long. */
function ended(session: { createdAt: Date; lastSeenAt: Date; endedAt: Date | null }, now: Date): boolean {
  return (
    session.endedAt !== null ||
    now.getTime() - session.createdAt.getTime() >= lifetimeMs() ||
    now.getTime() - session.lastSeenAt.getTime() >= config().SESSION_IDLE_MINUTES * 60_000
  );
}

/** The session's user as the domain sees them, or null when the session no longer holds. */
export async function sessionUser(claims: SessionClaims, ip?: string, now = new Date()): Promise<SessionUser | null> {
  // A token from before session rows existed names none: it is signed out.
  if (!claims.userId || !claims.sessionId) return null;
  const session = await db.userSession.findUnique({
    where: { id: claims.sessionId },
    select: {
      userId: true,
      createdAt: true,
      lastSeenAt: true,
      endedAt: true,
      user: { select: { id: true, username: true, roles: true, disabledAt: true, sessionVersion: true, mustChangePassword: true } },
    },
  });
  if (!session || session.userId !== claims.userId || ended(session, now)) return null;
  const { user } = session;
  if (user.disabledAt || user.sessionVersion !== (claims.sessionVersion ?? 0)) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= touchEveryMs) {
    await db.userSession.updateMany({ where: { id: claims.sessionId, endedAt: null }, data: { lastSeenAt: now } });
  }
  const actor: Actor = { id: user.id, username: user.username, roles: user.roles, ...(ip ? { ip } : {}) };
  return { actor, mustChangePassword: user.mustChangePassword };
}
