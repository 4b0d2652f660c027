// Seeds a new database once: the admin user and the business plans WSO2 ships with.
// Idempotent, so start-up can run it every time.
import { db } from "../lib/db";
import { hashPassword } from "../lib/secrets";

const plans = [
  { name: "Unlimited", description: "Allows unlimited events.", eventCount: null },
  { name: "Gold", description: "Allows 5,000 events per minute.", eventCount: 5000 },
  { name: "Silver", description: "Allows 2,000 events per minute.", eventCount: 2000 },
  { name: "Bronze", description: "Allows 1,000 events per minute.", eventCount: 1000 },
] as const;

// createMany with skipDuplicates is INSERT ... ON CONFLICT DO NOTHING: two processes seeding
// at once (a start-up, parallel test files) both insert, and the second changes nothing. An
// upsert would not do: Prisma runs it as a read, then a create, which the second one fails.
export async function seed(): Promise<void> {
  if (!(await db.user.findUnique({ where: { username: "admin" } }))) {
    await db.user.createMany({
      data: [{ username: "admin", passwordHash: await hashPassword("admin"), roles: ["ADMIN", "CREATOR", "PUBLISHER", "SUBSCRIBER"] }],
      skipDuplicates: true,
    });
  }
  await db.businessPlan.createMany({ data: plans.map((plan) => ({ ...plan, timeUnit: "MINUTE" as const })), skipDuplicates: true });
}
