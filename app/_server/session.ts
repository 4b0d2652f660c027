// Page-side session helpers: who is signed in, and where to send those who are not. Here, not in
// lib/, because they read the request (next-auth, next/headers) and React's per-request cache.
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "@/lib/auth";
import { safeCallbackPath } from "@/lib/callback-path";
import { clientAddressFromForwardedFor } from "@/lib/client-address";
import { hasRole, type Actor, type Role } from "@/lib/roles";
import { sessionUser, type SessionClaims, type SessionUser } from "@/lib/sessions";

/** The signed-in session's user and whether they must set a new password first, or null. Read once per request (React's cache). */
export const signedInUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions)) as SessionClaims | null;
  if (!session?.userId) return null;
  // Where the request came from, for the audit rows of the changes it makes.
  const ip = clientAddressFromForwardedFor((await headers()).get("x-forwarded-for"));
  return sessionUser({ userId: session.userId, sessionId: session.sessionId, sessionVersion: session.sessionVersion }, ip);
});

/**
 * The signed-in user as the domain sees them, or null. Read once per request: a layout, its
 * page and their actions all ask, and app/_server/reads.ts matches on the object.
 */
export const sessionActor = cache(async (): Promise<Actor | null> => (await signedInUser())?.actor ?? null);

/** Where a user whose password was reset is sent before any other page. */
export const changePasswordPath = "/account/password";

/** To set a new password first, and back to `callbackUrl` after it. */
function toChangePassword(callbackUrl: string): never {
  redirect(`${changePasswordPath}?callbackUrl=${encodeURIComponent(callbackUrl)}`);
}

/**
 * For a portal's layout: the signed-in actor, or null. A user whose password an admin reset is
 * sent to set a new one first, and back to this page after it (its address from proxy.ts).
 */
export async function layoutActor(): Promise<Actor | null> {
  const user = await signedInUser();
  if (user?.mustChangePassword) toChangePassword(safeCallbackPath((await headers()).get("x-duplex-path"), "/devportal"));
  return user?.actor ?? null;
}

/** The signed-in actor; signed out, to sign in and back; with a reset password, to set a new one first and back. */
export async function requireActor(callbackUrl: string): Promise<Actor> {
  const user = await signedInUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  if (user.mustChangePassword) toChangePassword(callbackUrl);
  return user.actor;
}

/** The signed-in actor if they hold one of `roles`; signed in without them, the 403 page (app/forbidden.tsx). */
export async function requireRole(callbackUrl: string, roles: Role[]): Promise<Actor> {
  const actor = await requireActor(callbackUrl);
  if (!hasRole(actor, ...roles)) forbidden();
  return actor;
}
