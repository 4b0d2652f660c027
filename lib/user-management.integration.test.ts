import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "./db";
import { endSession, sessionUser, startSession } from "./sessions";
import { makeUser, unique } from "./testing/fixtures";
import { listenForConfigChanges, type ConfigListener } from "./testing/notifications";
import { refusal } from "./testing/refusal";
import { createUser, disableUser, enableUser, getUser, listUsers, resetPassword, setUserRoles } from "./user-management";
import { changePassword, signIn } from "./users";

let listener: ConfigListener;
beforeAll(async () => void (listener = await listenForConfigChanges()));
afterAll(() => listener.close());

const strong = "plum-orbit-Cascade-71";
const auditRows = (entityId: string) => db.auditEvent.findMany({ where: { entity: "user", entityId }, orderBy: { at: "asc" } });

/** A session as next-auth would hold it right after `username` signed in. */
async function signedIn(username: string, password: string) {
  const result = await signIn(username, password);
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return { userId: result.actor.id, sessionId: await startSession(result.actor.id), sessionVersion: result.sessionVersion };
}

describe("listUsers", () => {
  it("pages, sorts, searches and filters on the server; admins only", async () => {
    const admin = await makeUser(["ADMIN"]);
    const tag = unique("grid");
    const names = ["c", "a", "b"].map((x) => `${tag}-${x}`);
    for (const [i, username] of names.entries()) {
      await createUser(admin, { username, email: i === 0 ? `${tag}@example.com` : "", roles: i === 1 ? ["CREATOR"] : ["SUBSCRIBER"] });
    }
    await disableUser(admin, (await db.user.findUniqueOrThrow({ where: { username: `${tag}-b` } })).id);

    const first = await listUsers(admin, { search: tag.toUpperCase(), pageSize: 2 });
    expect(first.total).toBe(3);
    expect(first.rows.map((u) => u.username)).toEqual([`${tag}-a`, `${tag}-b`]);
    expect((await listUsers(admin, { search: tag, pageSize: 2, page: 1 })).rows.map((u) => u.username)).toEqual([`${tag}-c`]);
    expect((await listUsers(admin, { search: tag, sortBy: "username", sortDirection: "desc" })).rows[0].username).toBe(`${tag}-c`);
    expect((await listUsers(admin, { search: `${tag}@example` })).rows.map((u) => u.username)).toEqual([`${tag}-c`]);
    expect((await listUsers(admin, { search: tag, role: "CREATOR" })).rows.map((u) => u.username)).toEqual([`${tag}-a`]);
    expect((await listUsers(admin, { search: tag, status: "disabled" })).rows.map((u) => u.username)).toEqual([`${tag}-b`]);
    expect((await listUsers(admin, { search: tag, status: "active" })).total).toBe(2);
    expect(Object.keys(first.rows[0])).not.toContain("passwordHash");
    expect((await refusal(listUsers(await makeUser(["CREATOR", "PUBLISHER"])))).code).toBe("FORBIDDEN");
  });
});

describe("createUser", () => {
  it("makes a user with roles and a temporary password shown once, to be changed at the first sign-in", async () => {
    const admin = await makeUser(["ADMIN"]);
    const username = unique("made");
    const { user, temporaryPassword } = await createUser(admin, { username, roles: ["CREATOR", "PUBLISHER"] });
    expect(user).toMatchObject({ username, roles: ["CREATOR", "PUBLISHER"], mustChangePassword: true, disabledAt: null });
    const result = await signIn(username, temporaryPassword!);
    expect(result).toMatchObject({ ok: true, mustChangePassword: true, actor: { roles: ["CREATOR", "PUBLISHER"] } });
    expect(await db.application.count({ where: { ownerId: user.id } })).toBe(1);
    const rows = await auditRows(user.id);
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([["create", admin.id]]);
    expect(JSON.stringify(rows)).not.toContain(temporaryPassword);
  });

  it("takes the admin's password when strong enough, and refuses a taken name or a weak password with no row written", async () => {
    const admin = await makeUser(["ADMIN"]);
    const username = unique("named");
    const { temporaryPassword } = await createUser(admin, { username, password: strong });
    expect(temporaryPassword).toBeNull();
    expect((await signIn(username, strong)).ok).toBe(true);

    const taken = await refusal(createUser(admin, { username, password: strong }));
    expect([taken.code, taken.field]).toEqual(["CONFLICT", "username"]);
    const weak = await refusal(createUser(admin, { username: unique("weak"), password: "password123" }));
    expect([weak.code, weak.field]).toEqual(["INVALID", "password"]);
    expect(await db.auditEvent.count({ where: { entity: "user", action: "create", after: { path: ["username"], equals: username } } })).toBe(1);
    expect((await refusal(createUser(await makeUser(["CREATOR"]), { username: unique("x") }))).code).toBe("FORBIDDEN");
  });
});

describe("setUserRoles", () => {
  it("grants and removes roles: a change ends the user's sessions, the next sign-in has the new roles", async () => {
    const admin = await makeUser(["ADMIN"]);
    const { user, temporaryPassword } = await createUser(admin, { username: unique("role") });
    const session = await signedIn(user.username, temporaryPassword!);
    expect((await sessionUser(session))?.actor.roles).toEqual(["SUBSCRIBER"]);
    await setUserRoles(admin, { userId: user.id, roles: ["CREATOR", "CREATOR", "SUBSCRIBER"] });
    expect(await sessionUser(session)).toBeNull();
    const again = await signedIn(user.username, temporaryPassword!);
    expect((await sessionUser(again))?.actor.roles).toEqual(["CREATOR", "SUBSCRIBER"]);
    // The same roles again change nothing, and end nothing.
    await setUserRoles(admin, { userId: user.id, roles: ["SUBSCRIBER", "CREATOR"] });
    expect(await sessionUser(again)).not.toBeNull();
    const [, change] = await auditRows(user.id);
    expect([change.action, change.before, change.after]).toEqual(["set-roles", { roles: ["SUBSCRIBER"] }, { roles: ["CREATOR", "SUBSCRIBER"] }]);
    await expect(setUserRoles(admin, { userId: user.id, roles: ["ROOT" as "ADMIN"] })).rejects.toThrow("Choose from admin, creator, publisher and subscriber.");
  });
});

describe("disabling a user", () => {
  it("ends their sessions at once, refuses their sign-in, and tells the gateways; enabling lets them sign in again", async () => {
    const admin = await makeUser(["ADMIN"]);
    const { user } = await createUser(admin, { username: unique("off"), password: strong });
    const session = await signedIn(user.username, strong);
    expect(await sessionUser(session)).not.toBeNull();

    const told = listener.next("user");
    await disableUser(admin, user.id);
    await told;
    expect(await sessionUser(session)).toBeNull();
    expect(await signIn(user.username, strong)).toEqual({ ok: false, reason: "disabled" });
    expect(await signIn(user.username, "not the password")).toEqual({ ok: false, reason: "invalid" });
    expect((await refusal(disableUser(admin, user.id))).code).toBe("CONFLICT");

    await enableUser(admin, user.id);
    // The old session stays ended: enabling does not bring back what disabling ended.
    expect(await sessionUser(session)).toBeNull();
    expect(await sessionUser(await signedIn(user.username, strong))).not.toBeNull();
    expect((await auditRows(user.id)).map((r) => r.action)).toEqual(["create", "disable", "enable"]);
  });

  it("refuses an admin disabling their own account, and a non-admin", async () => {
    const admin = await makeUser(["ADMIN"]);
    expect((await refusal(disableUser(admin, admin.id))).message).toBe("You cannot disable your own account: another admin can.");
    expect((await refusal(disableUser(await makeUser(["PUBLISHER"]), admin.id))).code).toBe("FORBIDDEN");
    expect((await getUser(admin, admin.id)).disabledAt).toBeNull();
  });
});

describe("password reset and change", () => {
  it("a reset ends the user's sessions and gives a temporary password that must be replaced", async () => {
    const admin = await makeUser(["ADMIN"]);
    const { user } = await createUser(admin, { username: unique("reset"), password: strong });
    const before = await signedIn(user.username, strong);
    const { temporaryPassword } = await resetPassword(admin, user.id);
    expect(await sessionUser(before)).toBeNull();
    expect((await signIn(user.username, strong)).ok).toBe(false);
    const session = await signedIn(user.username, temporaryPassword);
    expect(await sessionUser(session)).toMatchObject({ mustChangePassword: true });

    const actor = (await sessionUser(session))!.actor;
    const wrong = await refusal(changePassword(actor, { currentPassword: "nope", newPassword: "Quartz-lantern-94", confirmPassword: "Quartz-lantern-94" }));
    expect([wrong.code, wrong.field]).toEqual(["INVALID", "currentPassword"]);
    const weak = await refusal(changePassword(actor, { currentPassword: temporaryPassword, newPassword: "qwertyuiop1", confirmPassword: "qwertyuiop1" }));
    expect([weak.code, weak.field]).toEqual(["INVALID", "newPassword"]);
    const named = await refusal(changePassword(actor, { currentPassword: temporaryPassword, newPassword: `${user.username}-9-x`, confirmPassword: `${user.username}-9-x` }));
    expect(named.message).toBe("The password cannot contain your username.");
    await expect(changePassword(actor, { currentPassword: temporaryPassword, newPassword: "Quartz-lantern-94", confirmPassword: "Quartz-lantern-95" })).rejects.toThrow("The passwords do not match.");

    await changePassword(actor, { currentPassword: temporaryPassword, newPassword: "Quartz-lantern-94", confirmPassword: "Quartz-lantern-94" });
    // Every session ends, this one too: the user signs in again with the new password.
    expect(await sessionUser(session)).toBeNull();
    expect(await signIn(user.username, "Quartz-lantern-94")).toMatchObject({ ok: true, mustChangePassword: false });
    const rows = await auditRows(user.id);
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([["create", admin.id], ["reset-password", admin.id], ["change-password", user.id]]);
    expect(JSON.stringify(rows)).not.toMatch(/Quartz|passwordHash/);
  });
});

describe("sessionUser", () => {
  it("holds for its session row while the user and version match; a token naming no row is signed out; the user's deletion ends it", async () => {
    const user = await makeUser(["SUBSCRIBER"]);
    const sessionId = await startSession(user.id);
    expect(await sessionUser({ userId: user.id, sessionId })).toMatchObject({ actor: { id: user.id }, mustChangePassword: false });
    expect(await sessionUser({ userId: user.id, sessionId }, "192.0.2.1")).toMatchObject({ actor: { ip: "192.0.2.1" } });
    expect(await sessionUser({ userId: user.id, sessionId, sessionVersion: 1 })).toBeNull();
    // From before session rows: no id. Or another user's row: refused, not borrowed.
    expect(await sessionUser({ userId: user.id })).toBeNull();
    const other = await makeUser(["SUBSCRIBER"]);
    expect(await sessionUser({ userId: other.id, sessionId })).toBeNull();
    await db.user.delete({ where: { id: user.id } });
    expect(await sessionUser({ userId: user.id, sessionId })).toBeNull();
    expect(await db.userSession.count({ where: { id: sessionId } })).toBe(0);
    expect(await sessionUser({})).toBeNull();
  });

  it("ends at sign-out, after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after sign-in; requests move the idle clock once a minute", async () => {
    const user = await makeUser(["SUBSCRIBER"]);
    const signedOut = await startSession(user.id);
    const kept = await startSession(user.id);
    await endSession(signedOut);
    expect(await sessionUser({ userId: user.id, sessionId: signedOut })).toBeNull();
    // Only that browser's session: the user's other one holds.
    expect(await sessionUser({ userId: user.id, sessionId: kept })).not.toBeNull();

    const start = (await db.userSession.findUniqueOrThrow({ where: { id: kept } })).createdAt.getTime();
    const at = (minutes: number) => new Date(start + minutes * 60_000);
    const claims = { userId: user.id, sessionId: kept };
    // Defaults: 60 idle minutes, 8 hours in all.
    expect(await sessionUser(claims, undefined, at(59))).not.toBeNull();
    expect(await sessionUser(claims, undefined, at(60 + 58))).not.toBeNull();
    expect((await db.userSession.findUniqueOrThrow({ where: { id: kept } })).lastSeenAt).toEqual(at(60 + 58));
    expect(await sessionUser(claims, undefined, at(60 + 58 + 60))).toBeNull();

    const busy = await startSession(user.id);
    const busyStart = (await db.userSession.findUniqueOrThrow({ where: { id: busy } })).createdAt.getTime();
    for (let minute = 50; minute < 8 * 60; minute += 50) {
      expect(await sessionUser({ userId: user.id, sessionId: busy }, undefined, new Date(busyStart + minute * 60_000))).not.toBeNull();
    }
    expect(await sessionUser({ userId: user.id, sessionId: busy }, undefined, new Date(busyStart + 8 * 3_600_000))).toBeNull();

    // Rows that can no longer hold go at the next sign-in: the signed-out one at once, the others once past their lifetime.
    expect(await db.userSession.count({ where: { id: signedOut } })).toBe(0);
    const later = await startSession(user.id, new Date(busyStart + 8 * 3_600_000));
    expect((await db.userSession.findMany({ where: { userId: user.id }, select: { id: true } })).map((r) => r.id)).toEqual([later]);
  });
});
