// Seeds a new database once: the admin user, with DUPLEX_ADMIN_PASSWORD or else the default "admin". Idempotent, so start-up can run it every time.
// The business plans WSO2 ships with are inserted by a migration (…_business_plan_limits), once:
// an admin may edit or delete them, and no restart brings them back.
import { db } from "../lib/db";
import { recordAudit, systemActor } from "../lib/audit";
import { config } from "../lib/config";
import { hashPassword, verifyPassword } from "../lib/secrets";

// createMany with skipDuplicates is INSERT ... ON CONFLICT DO NOTHING: two processes seeding
// at once (a start-up, parallel test files) both insert, and the second changes nothing. An
// upsert would not do: Prisma runs it as a read, then a create, which the second one fails.
export async function seed(): Promise<void> {
  const existing = await db.user.findUnique({ where: { username: "admin" }, select: { id: true, passwordHash: true, hasDefaultPassword: true } });
  if (existing) return markDefaultPassword(existing);
  // The tutorial signs in as admin/admin on a fresh machine; an operator sets another password before the first start.
  const password = config().DUPLEX_ADMIN_PASSWORD ?? "admin";
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const roles = ["ADMIN", "CREATOR", "PUBLISHER", "SUBSCRIBER"] as const;
    const hasDefaultPassword = password === "admin";
    const { count } = await tx.user.createMany({ data: [{ username: "admin", passwordHash, roles: [...roles], hasDefaultPassword }], skipDuplicates: true });
    if (count === 0) return;
    const admin = await tx.user.findUniqueOrThrow({ where: { username: "admin" } });
    await recordAudit(tx, systemActor, { entity: "user", entityId: admin.id, action: "create", after: { username: "admin", roles: [...roles], seeded: true, hasDefaultPassword } });
  });
}

// A database seeded before the flag existed: its admin may still have "admin". One hash check per start while the flag is off.
async function markDefaultPassword(admin: { id: string; passwordHash: string; hasDefaultPassword: boolean }): Promise<void> {
  if (admin.hasDefaultPassword || !(await verifyPassword("admin", admin.passwordHash))) return;
  await db.user.updateMany({ where: { id: admin.id, passwordHash: admin.passwordHash }, data: { hasDefaultPassword: true } });
}
