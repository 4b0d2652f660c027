// Configuration reaches a running gateway through LISTEN/NOTIFY: no restart, no polling.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebSocketServer } from "ws";
import { startEchoBackend } from "../../scripts/echo-backend";
import { createApi } from "../../lib/apis";
import { db } from "../../lib/db";
import { gatewayPath } from "../../lib/gateway-urls";
import { generateKeys } from "../../lib/keys";
import { changeLifecycle } from "../../lib/lifecycle";
import { subscribe } from "../../lib/subscriptions";
import { makeUser, unique } from "../../lib/testing/fixtures";
import { closeWebSocketServer, gatewayKnows, open, openOk, roundTrip, servedApi, testGateway } from "../testing/harness";

let gateway: Awaited<ReturnType<typeof testGateway>>;
let echo: WebSocketServer;
let echoUrl: string;

beforeAll(async () => {
  gateway = await testGateway();
  echo = await startEchoBackend(0);
  echoUrl = `ws://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await gateway?.close();
  await closeWebSocketServer(echo);
});

describe("configuration reloads", () => {
  it("serves an API published after the gateway started, and stops serving it once retired", async () => {
    const admin = await makeUser(["ADMIN"]);
    const name = unique("Late");
    const api = await createApi(admin, { name, context: `/${name.toLowerCase()}`, version: "1.0", endpoint: echoUrl, plans: ["Gold"] });
    const url = `${gateway.url}${gatewayPath(api)}`;
    // Another API served after this one was created proves the snapshot is newer than it.
    await servedApi(gateway, echoUrl);
    expect(await open(url)).toMatchObject({ opened: false, status: 404 });

    await changeLifecycle(admin, api.id, "Publish");
    const user = await makeUser(["SUBSCRIBER"]);
    const app = await db.application.findFirstOrThrow({ where: { ownerId: user.id } });
    await subscribe(user, { applicationId: app.id, apiId: api.id, planName: "Gold" });
    const keys = await generateKeys(user, { applicationId: app.id, keyType: "PRODUCTION" });
    await gatewayKnows(gateway, {
      path: gatewayPath(api),
      consumerKey: keys.consumerKey,
      token: keys.token.accessToken,
      subscription: { applicationId: app.id, apiId: api.id },
    });
    const ws = await openOk(url, { token: keys.token.accessToken });
    expect((await roundTrip(ws, "hello")).data.toString()).toBe("hello");
    ws.close();

    await changeLifecycle(admin, api.id, "Deprecate");
    await changeLifecycle(admin, api.id, "Retire");
    await gateway.store.until((s) => !s.routes.has(gatewayPath(api)));
    expect(await open(url, { token: keys.token.accessToken })).toMatchObject({ opened: false, status: 404, body: { error: "not_found" } });
  });

  it("reconnects its listener after losing it, and reloads what it missed", async () => {
    const lost = new Promise((resolve) => gateway.store.once("listener-error", resolve));
    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${gateway.store.listenerName}`;
    await lost;
    // Published while the listener may still be away: the reload after reconnecting finds it.
    const served = await servedApi(gateway, echoUrl);
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "back")).data.toString()).toBe("back");
    ws.close();
  });

  it("keeps the connections it has when the configuration changes", async () => {
    const served = await servedApi(gateway, echoUrl);
    const ws = await openOk(served.url, { token: served.token });
    await servedApi(gateway, echoUrl);
    expect((await roundTrip(ws, "still open")).data.toString()).toBe("still open");
    ws.close();
  });
});
