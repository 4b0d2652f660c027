// What the permission matrix (app/permission-matrix.integration.test.ts) acts on: a user of each
// role and a second one of each, each with an application holding keys and a subscription; fresh
// objects for a case to change; and a fingerprint of every row that names one of them, which a
// refused case compares before and after. Test files share one database and run in parallel, so
// the fingerprint reads only rows that carry an id or a name this file made: another file's
// writes cannot move it, and a refusal that wrote anything about our objects or actors does.
import { randomBytes } from "node:crypto";
import { createApi } from "@/lib/apis";
import { createApplication } from "@/lib/applications";
import { createApiKey } from "@/lib/api-keys";
import { blockSubscription } from "@/lib/api-subscribers";
import { db } from "@/lib/db";
import { createDenyPolicy } from "@/lib/deny-policies";
import { deployApi, undeployApi } from "@/lib/deployments";
import { createEnvironment } from "@/lib/environments";
import { clientCredentialsToken, generateKeys } from "@/lib/keys";
import { changeLifecycle } from "@/lib/lifecycle";
import { createPlan } from "@/lib/plans";
import type { Actor, Role } from "@/lib/roles";
import { dummyPasswordHash } from "@/lib/secrets";
import { subscribe } from "@/lib/subscriptions";
import { makeUser } from "@/lib/testing/fixtures";

// Ids and names this file made: what the fingerprint reads rows by.
const tracked = new Set<string>();
const marker = randomBytes(4).toString("hex");
let counter = 0;

/** A name no other test file can have (letters and digits after the prefix), tracked. */
export function named(prefix: string): string {
  const name = `${prefix}${marker}${++counter}`;
  tracked.add(name);
  return name;
}

function track<T extends { id: string }>(row: T): T {
  tracked.add(row.id);
  return row;
}

/** The first user of a role, or the second one, with their DefaultApplication: PRODUCTION keys, subscribed to the matrix's API. */
export interface Member {
  user: Actor;
  password: string;
  app: { id: string; name: string };
  keys: { consumerKey: string; consumerSecret: string };
}

export const roles = ["SUBSCRIBER", "CREATOR", "PUBLISHER", "ADMIN"] as const satisfies readonly Role[];
export type MatrixRole = (typeof roles)[number];

export interface Fixtures {
  first: Record<MatrixRole, Member>;
  second: Record<MatrixRole, Member>;
  /** Offered by `api`; `approvalPlan` requires an admin's approval. */
  plan: { id: string; name: string };
  otherPlan: { id: string; name: string };
  approvalPlan: { id: string; name: string };
  /** Environments of this file only (ws://127.0.0.1:1, where nothing answers), so no other file's gateway serves what the matrix deploys. */
  environment: string;
  otherEnvironment: string;
  /** Made by the first creator, deployed to `environment` only and published by the first publisher. */
  api: { id: string; name: string };
}

const closedPort = "ws://127.0.0.1:1";
export const backendUrl = "ws://127.0.0.1:7070";

// Each user their own password: a second user's must not sign in as the first.
const passwords = new Map<string, string>();

async function user(role: MatrixRole): Promise<Actor> {
  const password = `pw-${randomBytes(6).toString("hex")}`;
  const actor = await makeUser([role], password);
  tracked.add(actor.id).add(actor.username);
  passwords.set(actor.id, password);
  return actor;
}

async function member(actor: Actor, api: { id: string }, planName: string): Promise<Member> {
  const password = passwords.get(actor.id)!;
  const app = track(await db.application.findFirstOrThrow({ where: { ownerId: actor.id }, select: { id: true, name: true } }));
  track(await subscribe(actor, { applicationId: app.id, apiId: api.id, planName }));
  const keys = await generateKeys(actor, { applicationId: app.id, keyType: "PRODUCTION" });
  return { user: actor, password, app, keys };
}

async function usersOfEachRole(): Promise<Record<MatrixRole, Actor>> {
  return Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await user(r)]))) as Record<MatrixRole, Actor>;
}

export async function buildFixtures(): Promise<Fixtures> {
  const [firstUsers, secondUsers] = await Promise.all([usersOfEachRole(), usersOfEachRole()]);
  const admin = firstUsers.ADMIN;
  const plan = track(await createPlan(admin, { name: named("Plan") }));
  const otherPlan = track(await createPlan(admin, { name: named("Plan") }));
  const approvalPlan = track(await createPlan(admin, { name: named("Plan"), requiresApproval: true }));
  const environment = (await createEnvironment(admin, { name: named("Env"), displayName: "Matrix", wsUrl: closedPort })).name;
  const otherEnvironment = (await createEnvironment(admin, { name: named("Env"), displayName: "Matrix 2", wsUrl: closedPort })).name;
  const api = track(
    await createApi(firstUsers.CREATOR, {
      name: named("Api"),
      context: named("/matrix"),
      version: "1.0",
      endpoint: backendUrl,
      plans: [plan.name, otherPlan.name, approvalPlan.name],
    }),
  );
  await deployApi(firstUsers.PUBLISHER, { apiId: api.id, environments: [environment] });
  await changeLifecycle(firstUsers.PUBLISHER, api.id, "Publish");
  const members = async (users: Record<MatrixRole, Actor>) =>
    Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await member(users[r], api, plan.name)]))) as Record<MatrixRole, Member>;
  const [first, second] = await Promise.all([members(firstUsers), members(secondUsers)]);
  return { first, second, plan, otherPlan, approvalPlan, environment, otherEnvironment, api: { id: api.id, name: api.name } };
}

// Fresh objects for one case: what it may change or delete without touching another case's.

export async function freshApplication(owner: Member) {
  return track(await createApplication(owner.user, { name: named("App") }));
}

export async function freshApplicationWithKeys(owner: Member) {
  const app = await freshApplication(owner);
  const keys = await generateKeys(owner.user, { applicationId: app.id, keyType: "PRODUCTION" });
  return { app, keys };
}

export async function freshSubscription(fx: Fixtures, owner: Member, planName = fx.plan.name) {
  const app = await freshApplication(owner);
  return track(await subscribe(owner.user, { applicationId: app.id, apiId: fx.api.id, planName }));
}

/** A subscription the API's creator has blocked. */
export async function blockedSubscription(fx: Fixtures) {
  const subscription = await freshSubscription(fx, fx.first.SUBSCRIBER);
  await blockSubscription(fx.first.CREATOR.user, { subscriptionId: subscription.id, scope: "all" });
  return subscription;
}

/** An access token of the member's own application. */
export async function freshToken(owner: Member): Promise<string> {
  const issued = await clientCredentialsToken(owner.keys.consumerKey, owner.keys.consumerSecret);
  if (!issued) throw new Error(`${owner.user.username}'s keys do not authenticate`);
  return issued.accessToken;
}

export async function freshApiKey(owner: Member) {
  const { apiKey } = await createApiKey(owner.user, { applicationId: owner.app.id, keyType: "PRODUCTION", name: named("Key") });
  return track(apiKey);
}

/** An API of the first creator in the Created state, with an endpoint and the matrix's plan. */
export async function freshApi(fx: Fixtures) {
  return track(await createApi(fx.first.CREATOR.user, { name: named("Api"), context: named("/api"), version: "1.0", endpoint: backendUrl, plans: [fx.plan.name] }));
}

/** A fresh API whose revision 1 the first publisher deployed to the matrix's environment. */
export async function deployedApi(fx: Fixtures) {
  const api = await freshApi(fx);
  const revision = track(await deployApi(fx.first.PUBLISHER.user, { apiId: api.id, environments: [fx.environment] }));
  return { api, revision };
}

/** A fresh API with a revision that no environment serves (deployed, then undeployed). */
export async function undeployedRevision(fx: Fixtures) {
  const { api, revision } = await deployedApi(fx);
  await undeployApi(fx.first.PUBLISHER.user, { apiId: api.id, environment: fx.environment });
  return { api, revision };
}

export async function freshPlan(fx: Fixtures) {
  return track(await createPlan(fx.first.ADMIN.user, { name: named("Plan") }));
}

export async function freshEnvironment(fx: Fixtures) {
  return createEnvironment(fx.first.ADMIN.user, { name: named("Env"), displayName: "Fresh", wsUrl: closedPort });
}

/** An enabled deny policy on a fresh application of the first subscriber. */
export async function freshDenyPolicy(fx: Fixtures) {
  const app = await freshApplication(fx.first.SUBSCRIBER);
  return track(await createDenyPolicy(fx.first.ADMIN.user, { type: "APPLICATION", value: app.id, description: named("Why") }));
}

/** A subscription request waiting for an admin: a fresh application of the first subscriber on the approval plan. */
export async function pendingTask(fx: Fixtures) {
  const subscription = await freshSubscription(fx, fx.first.SUBSCRIBER, fx.approvalPlan.name);
  return track(await db.workflowTask.findFirstOrThrow({ where: { subscriptionId: subscription.id } }));
}

/** A user for an admin to act on. A row, not a sign-up: nobody signs in as them, and a password hash costs 80 ms. */
export async function freshUser(options: { disabled?: boolean } = {}) {
  const user = track(
    await db.user.create({ data: { username: named("user"), passwordHash: dummyPasswordHash, roles: ["SUBSCRIBER"], disabledAt: options.disabled ? new Date() : null } }),
  );
  return user;
}

// The fingerprint: per table, how many rows name a tracked id or name (in any text column), and a
// hash of those rows. Tables that other files write for reasons of their own (rate-limit hits,
// gateway heartbeats, usage counts, the configuration counter, signing keys) are left out: none
// of them holds a row that belongs to one of our objects.
const skipped = ["_prisma_migrations", "RateLimitHit", "GatewayProcess", "ConfigVersion", "UsageCounter", "SigningKey"];
let fingerprintSql: Promise<string> | undefined;

async function buildFingerprintSql(): Promise<string> {
  const columns = await db.$queryRaw<{ table: string; column: string }[]>`
    SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
    WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying') AND NOT (table_name = ANY(${skipped}))
    ORDER BY table_name, ordinal_position`;
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columns) byTable.set(table, [...(byTable.get(table) ?? []), column]);
  const parts = [...byTable].map(
    ([table, cols]) =>
      `SELECT '${table}' AS "table", count(*)::int AS "rows", md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS "hash" FROM "${table}" r WHERE ${cols.map((c) => `r."${c}" IN (SELECT v FROM tracked)`).join(" OR ")}`,
  );
  return `WITH tracked AS MATERIALIZED (SELECT unnest($1::text[]) AS v) ${parts.join(" UNION ALL ")}`;
}

export type Fingerprint = Map<string, { rows: number; hash: string }>;

export async function fingerprint(): Promise<Fingerprint> {
  const sql = await (fingerprintSql ??= buildFingerprintSql());
  const rows = await db.$queryRawUnsafe<{ table: string; rows: number; hash: string }[]>(sql, [...tracked]);
  return new Map(rows.map((r) => [r.table, { rows: r.rows, hash: r.hash }]));
}

/** "Api: 3 rows → 4 rows" for each table whose tracked rows differ. */
export function changes(before: Fingerprint, after: Fingerprint): string[] {
  return [...after].flatMap(([table, a]) => {
    const b = before.get(table);
    if (b && b.hash === a.hash) return [];
    return [`${table}: ${b?.rows ?? 0} rows → ${a.rows} rows${b?.rows === a.rows ? " (changed)" : ""}`];
  });
}
