// Configuration changes reach the gateways through PostgreSQL LISTEN/NOTIFY. Sent inside
// the writing transaction, a notification is delivered only if that transaction commits.
import type { Tx } from "./db";

export const configChannel = "duplex_config";

/** What changed, so a gateway could reload only that; today every gateway reloads all. */
export type ConfigChange =
  | "api"
  | "subscription"
  | "keys"
  | "api-key"
  | "signing-key"
  | "revocation"
  | "plan"
  | "deployment"
  /** A user disabled or enabled: their applications' tokens stop or start working. */
  | "user"
  | "deny-policy"
  | "environment";

/**
 * Tells the gateways, once the transaction commits, and counts the change in ConfigVersion, so
 * a gateway can report which configuration it loaded (configVersion). The count's row stays
 * locked until the commit: call this last in the transaction, as every change function does.
 */
export async function notifyConfigChanged(tx: Tx, change: ConfigChange): Promise<void> {
  await tx.$executeRaw`UPDATE "ConfigVersion" SET version = version + 1 WHERE id = 1`;
  await tx.$executeRaw`SELECT pg_notify(${configChannel}, ${change})`;
}

/** The configuration's version now: read it in the transaction that loads a snapshot, and it names that snapshot. */
export async function configVersion(tx: Tx): Promise<number> {
  const [row] = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM "ConfigVersion" WHERE id = 1`;
  return row?.version ?? 0;
}
