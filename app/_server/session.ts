// Page-side session helpers: who is signed in, and where to send those who are not.
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/auth";
import { hasRole, type Actor, type Role } from "@/lib/roles";

export async function requireActor(callbackUrl: string): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return actor;
}

/** The signed-in actor if they hold one of `roles`; null if signed in without them. */
export async function requireRole(callbackUrl: string, roles: Role[]): Promise<Actor | null> {
  const actor = await requireActor(callbackUrl);
  return hasRole(actor, ...roles) ? actor : null;
}
