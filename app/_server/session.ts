// Page-side session helpers: who is signed in, and where to send those who are not. Here, not in
// lib/, because they read the request (next-auth, next/headers) and React's per-request cache.
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "@/lib/auth";
import { clientAddressFromForwardedFor } from "@/lib/client-address";
import { hasRole, type Actor, type Role } from "@/lib/roles";
import { sessionUser } from "@/lib/sessions";

/**
 * The signed-in user as the domain sees them, or null. Read once per request (React's cache):
 * a layout, its page and their actions all ask, and app/_server/reads.ts matches on the object.
 */
export const sessionActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: string; sessionVersion?: number } | null;
  if (!session?.userId) return null;
  // Where the request came from, for the audit rows of the changes it makes.
  const ip = clientAddressFromForwardedFor((await headers()).get("x-forwarded-for"));
  return (await sessionUser({ userId: session.userId, sessionVersion: session.sessionVersion }, ip))?.actor ?? null;
});

export async function requireActor(callbackUrl: string): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return actor;
}

/** The signed-in actor if they hold one of `roles`; signed in without them, the 403 page (app/forbidden.tsx). */
export async function requireRole(callbackUrl: string, roles: Role[]): Promise<Actor> {
  const actor = await requireActor(callbackUrl);
  if (!hasRole(actor, ...roles)) forbidden();
  return actor;
}
