// Rows that integration tests need, made through the domain functions a user's clicks call.
// Names get a random suffix: test files share one database and run in parallel.
import { randomBytes } from "node:crypto";
import { db } from "../db";
import { hashPassword } from "../secrets";
import type { Actor, Role } from "../roles";
import { createApi } from "../apis";
import { ensureDefaultApplication } from "../applications";
import { subscribe } from "../subscriptions";
import { generateKeys, type KeyType } from "../keys";
import { seed } from "../../prisma/seed";

export function unique(prefix: string): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

export async function makeUser(roles: Role[] = ["SUBSCRIBER"], password = "secret"): Promise<Actor> {
  await seed();
  const user = await db.user.create({ data: { username: unique("user"), passwordHash: await hashPassword(password), roles } });
  const actor = { id: user.id, username: user.username, roles: user.roles };
  await ensureDefaultApplication(actor);
  return actor;
}

/** A published API on `endpoint`, offering the Gold plan, made by a new admin. */
export async function publishedApi(endpoint: string, overrides: { context?: string; version?: string } = {}) {
  const admin = await makeUser(["ADMIN"]);
  const name = unique("Api");
  const api = await createApi(admin, {
    name,
    context: overrides.context ?? `/${name.toLowerCase()}`,
    version: overrides.version ?? "1.0",
    endpoint,
    plans: ["Gold"],
    publish: true,
  });
  return { admin, api };
}

/** A subscriber whose DefaultApplication is subscribed to `apiId` with keys of `keyType`. */
export async function subscribedClient(apiId: string, keyType: KeyType = "PRODUCTION") {
  const user = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
  await subscribe(user, { applicationId: app.id, apiId, planName: "Gold" });
  const keys = await generateKeys(user, { applicationId: app.id, keyType });
  return { user, app, keys, token: keys.token.accessToken };
}

/** A new subscriber's DefaultApplication with keys of `keyType`, subscribed to nothing. */
export async function clientWithKeys(keyType: KeyType = "PRODUCTION") {
  const user = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
  const keys = await generateKeys(user, { applicationId: app.id, keyType });
  return { user, app, keys, clientId: keys.consumerKey, clientSecret: keys.consumerSecret };
}
