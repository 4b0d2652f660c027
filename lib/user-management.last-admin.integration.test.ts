// The last active admin, on a database of this file's own: the shared test database always
// has other admins (the seed's, other files'), so "the last" could never be reached there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, databaseUrl, type ScratchDatabase } from "../scripts/scratch-db";
import { db } from "./db";
import type { Actor } from "./roles";
import { refusal } from "./testing/refusal";
import { createUser, disableUser, enableUser, setUserRoles } from "./user-management";

let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createScratchDatabase(databaseUrl(process.env.DATABASE_URL!, "postgres"), "lastadmin");
  // Before anything in this worker touches the database: lib/db connects on first use.
  process.env.DATABASE_URL = scratch.url;
});
afterAll(async () => {
  await db.$disconnect();
  await scratch.drop();
});

async function bootstrapAdmin(): Promise<Actor> {
  const user = await db.user.create({ data: { username: "root-admin", passwordHash: "x", roles: ["ADMIN"] } });
  return { id: user.id, username: user.username, roles: user.roles };
}

describe("the last active admin", () => {
  it("cannot lose the admin role or be disabled, even when two admins remove each other at once", { timeout: 60_000 }, async () => {
    const [{ name }] = await db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    expect(name).toBe(scratch.name);
    const a = await bootstrapAdmin();
    const last = await refusal(setUserRoles(a, { userId: a.id, roles: ["CREATOR"] }));
    expect([last.code, last.field, last.message]).toEqual(["CONFLICT", "roles", "root-admin is the last active admin: make another user an admin first."]);

    const { user: bUser } = await createUser(a, { username: "second-admin", roles: ["ADMIN"] });
    const b: Actor = { id: bUser.id, username: bUser.username, roles: bUser.roles };
    // A disabled admin does not count: with b disabled, a is the last again.
    await disableUser(a, b.id);
    expect((await refusal(setUserRoles(a, { userId: a.id, roles: [] }))).code).toBe("CONFLICT");
    await enableUser(a, b.id);

    // a gives up the role; a request still carrying a's old roles cannot then disable b, the last.
    await setUserRoles(a, { userId: a.id, roles: ["CREATOR"] });
    expect((await refusal(disableUser(a, b.id))).message).toBe("second-admin is the last active admin and cannot be disabled.");
    await setUserRoles(b, { userId: a.id, roles: ["ADMIN"] });

    // Both at once: one wins, the other finds itself the last.
    const outcomes = await Promise.allSettled([setUserRoles(a, { userId: b.id, roles: [] }), setUserRoles(b, { userId: a.id, roles: [] })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.user.count({ where: { roles: { has: "ADMIN" }, disabledAt: null } })).toBe(1);
  });
});
