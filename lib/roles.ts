// Who may do what. Checked in lib/ next to the data, so no route can forget it.
import { DuplexError } from "./errors";
import type { Role } from "../generated/prisma/enums";

export type { Role };

export interface Actor {
  id: string;
  username: string;
  roles: Role[];
  /** The address the request came from, when known: the audit log records it with each change. */
  ip?: string;
}

export const publisherRoles: Role[] = ["ADMIN", "CREATOR", "PUBLISHER"];

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.includes("ADMIN") || roles.some((r) => actor.roles.includes(r));
}

export function assertRole(actor: Actor, ...roles: Role[]): void {
  if (!hasRole(actor, ...roles)) {
    throw new DuplexError("FORBIDDEN", `This needs the ${roles.map((r) => r.toLowerCase()).join(" or ")} role.`);
  }
}
