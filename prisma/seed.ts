// Seeds a new database once: the admin user. Idempotent, so start-up can run it every time.
// The business plans WSO2 ships with are inserted by a migration (…_business_plan_limits), once:
// an admin may edit or delete them, and no restart brings them back.
import { db } from "../lib/db";
import { recordAudit, systemActor } from "../lib/audit";
import { hashPassword } from "../lib/secrets";

// createMany with skipDuplicates is INSERT ... ON CONFLICT DO NOTHING: two processes seeding
// at once (a start-up, parallel test files) both insert, and the second changes nothing. An
// upsert would not do: Prisma runs it as a read, then a create, which the second one fails.
export async function seed(): Promise<void> {
  if (!(await db.user.findUnique({ where: { username: "admin" } }))) {
    const passwordHash = await hashPassword("admin");
    await db.$transaction(async (tx) => {
      const roles = ["ADMIN", "CREATOR", "PUBLISHER", "SUBSCRIBER"] as const;
      const { count } = await tx.user.createMany({ data: [{ username: "admin", passwordHash, roles: [...roles] }], skipDuplicates: true });
      if (count === 0) return;
      const admin = await tx.user.findUniqueOrThrow({ where: { username: "admin" } });
      await recordAudit(tx, systemActor, { entity: "user", entityId: admin.id, action: "create", after: { username: "admin", roles: [...roles], seeded: true } });
    });
  }
}
