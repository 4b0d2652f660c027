// The gateway's PostgreSQL really stops and starts again (an embedded PostgreSQL of this test's
// own) while clients stay connected: the gateway keeps relaying and admitting from its last
// snapshot, says so on /readyz, keeps the usage it could not write, and once the database is
// back it listens again and reloads everything, a change it missed included.
import { once } from "node:events";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../scripts/embedded-postgres";
import { databaseUrl, freePort, migrate } from "../../scripts/scratch-db";
import { config } from "../../lib/config";
import { db } from "../../lib/db";
import { configChannel } from "../../lib/notify";
import { subscribedClient } from "../../lib/testing/fixtures";
import { subscriptionKey } from "./snapshot";
import { closed, gatewayKnows, open, openOk, recordingBackend, roundTrip, servedApi, testGateway, type RecordingBackend } from "../testing/harness";

const parent = mkdtempSync(join(tmpdir(), "duplex-outage-"));
// As root the server runs as the `postgres` user, which must reach its data directory.
chmodSync(parent, 0o755);
const dir = join(parent, "postgres");
let port: number;
let server: EmbeddedPostgres;
let url: string;
let gateway: Awaited<ReturnType<typeof testGateway>>;
let backend: RecordingBackend;

beforeAll(async () => {
  port = await freePort();
  server = await startEmbeddedPostgres({ dir, port });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE duplex");
  await admin.end();
  url = databaseUrl(server.adminUrl, "duplex");
  await migrate(url);
  // Before anything reads the configuration: lib/db and the gateway use this database.
  process.env.DATABASE_URL = url;
  expect(config().DATABASE_URL).toBe(url);
  backend = await recordingBackend();
  gateway = await testGateway({ adminPort: 0, usageFlushMs: 3_600_000 });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await backend?.close();
  await db.$disconnect();
  await server?.stop();
  rmSync(parent, { recursive: true, force: true });
});

const readyz = async () => {
  const res = await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`);
  return [res.status, await res.json()];
};

/** What the database holds for this application and API. */
async function usageOf(apiId: string, applicationId: string) {
  const rows = await db.usageCounter.findMany({ where: { apiId, applicationId } });
  return { connections: rows.reduce((n, r) => n + r.connections, 0), messagesIn: rows.reduce((n, r) => n + Number(r.messagesIn), 0) };
}

describe("the database stopped and started while clients stay connected", { timeout: 120_000 }, () => {
  it("keeps serving from the last snapshot, and reloads what it missed once the database is back", async () => {
    const served = await servedApi(gateway, backend.url);
    const other = await subscribedClient(served.api.id);
    await gatewayKnows(gateway, { consumerKey: other.keys.consumerKey, subscription: { applicationId: other.app.id, apiId: served.api.id } });
    const ws = await openOk(served.url, { token: served.token });
    const toBeBlocked = await openOk(served.url, { token: other.token });
    expect((await roundTrip(ws, "before")).data.toString()).toBe("before");
    expect(await readyz()).toEqual([200, { status: "ready" }]);

    // The database goes away.
    const lost = once(gateway.store, "listener-error");
    await server.stop();
    await lost;
    expect(await readyz()).toEqual([503, { status: "not_ready", reason: "The database is unreachable; serving the configuration last loaded." }]);
    expect((await roundTrip(ws, "while away")).data.toString()).toBe("while away");
    const admitted = await openOk(served.url, { token: served.token });
    expect((await roundTrip(admitted, "new while away")).data.toString()).toBe("new while away");
    // A flush now fails; its rows are kept for the next one.
    await gateway.usage.flush();

    // Meanwhile the subscription is blocked, on a server the gateway cannot reach (the same data
    // on another port): the notification is sent and lost to it.
    const awayPort = await freePort();
    const away = await startEmbeddedPostgres({ dir, port: awayPort });
    const writer = new pg.Client({ connectionString: databaseUrl(away.adminUrl, "duplex") });
    await writer.connect();
    await writer.query("BEGIN");
    await writer.query(`UPDATE "Subscription" SET status = 'BLOCKED' WHERE "applicationId" = $1 AND "apiId" = $2`, [other.app.id, served.api.id]);
    await writer.query("SELECT pg_notify($1, 'subscription')", [configChannel]);
    await writer.query("COMMIT");
    await writer.end();
    await away.stop();
    expect(gateway.store.current!.subscriptions.get(subscriptionKey(other.app.id, served.api.id))?.status).toBe("ACTIVE");

    // The database comes back where the gateway looks for it.
    const blockedClosed = closed(toBeBlocked);
    const back = once(gateway.store, "listening");
    server = await startEmbeddedPostgres({ dir, port });
    await back;
    await gateway.store.until((s) => s.subscriptions.get(subscriptionKey(other.app.id, served.api.id))?.status === "BLOCKED");
    expect(await blockedClosed).toEqual({ code: 1008, reason: "subscription_blocked" });
    expect(await open(served.url, { token: other.token })).toMatchObject({ opened: false, status: 403, body: { error: "subscription_blocked" } });
    expect(await readyz()).toEqual([200, { status: "ready" }]);
    expect((await roundTrip(ws, "after")).data.toString()).toBe("after");

    // What was used while the database was away is written now.
    await gateway.usage.flush();
    expect(await usageOf(served.api.id, served.app.id)).toEqual({ connections: 2, messagesIn: 4 });
    ws.close();
    admitted.close();
  });
});
