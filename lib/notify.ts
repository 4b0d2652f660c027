// Configuration changes reach the gateways through PostgreSQL LISTEN/NOTIFY. Sent inside
// the writing transaction, a notification is delivered only if that transaction commits.
import type { Tx } from "./db";

export const configChannel = "duplex_config";

/** What changed, so a gateway could reload only that; today every gateway reloads all. */
export type ConfigChange = "api" | "subscription" | "keys" | "signing-key" | "revocation" | "plan" | "deployment";

export async function notifyConfigChanged(tx: Tx, change: ConfigChange): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${configChannel}, ${change})`;
}
