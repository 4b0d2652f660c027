// Admin → Gateway environments at real gateways: each process writes its heartbeat row (what
// it serves now) and removes it when it stops; a gateway started for an environment an admin
// made serves the APIs deployed there; an Internal API is 404 on an external environment's.
import { once } from "node:events";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { updateApiInfo } from "../lib/api-info";
import { db } from "../lib/db";
import { deployApi } from "../lib/deployments";
import { createEnvironment } from "../lib/environments";
import { gatewayPath } from "../lib/gateway-urls";
import { publishedApi, subscribedClient, unique } from "../lib/testing/fixtures";
import { gatewayVersion } from "./heartbeat";
import { gatewayKnows, open, openOk, recordingBackend, roundTrip, testGateway } from "./testing/harness";

describe("gateway heartbeats", () => {
  it("writes the process's row at each beat, with its open connections, and removes it on a graceful stop", async () => {
    const backend = await recordingBackend();
    const gateway = await testGateway({ heartbeatIntervalMs: 100 });
    const id = gateway.heartbeat.id;
    try {
      const { api } = await publishedApi(backend.url);
      const client = await subscribedClient(api.id);
      await gatewayKnows(gateway, { path: gatewayPath(api), consumerKey: client.keys.consumerKey, token: client.token, subscription: { applicationId: client.app.id, apiId: api.id } });
      const ws = await openOk(`${gateway.url}${gatewayPath(api)}`, { token: client.token });
      let row = await db.gatewayProcess.findUnique({ where: { id } });
      while (row?.openConnections !== 1) {
        await once(gateway.heartbeat, "beat");
        row = await db.gatewayProcess.findUnique({ where: { id } });
      }
      expect(row).toMatchObject({ environment: "Production", host: hostname(), version: gatewayVersion, startedAt: gateway.heartbeat.startedAt });
      expect(row.configVersion).toBeGreaterThan(0);
      ws.close();
    } finally {
      await gateway.close();
      await backend.close();
    }
    expect(await db.gatewayProcess.findUnique({ where: { id } })).toBeNull();
  });
});

describe("gateway environments", () => {
  it("serves on a gateway started for a new environment the APIs deployed there, and an Internal API only on an internal environment", async () => {
    const backend = await recordingBackend();
    const { admin, api } = await publishedApi(backend.url);
    const external = await createEnvironment(admin, { name: unique("Edge"), displayName: "Edge", wsUrl: "ws://edge.example.com:9099" });
    const internal = await createEnvironment(admin, { name: unique("Intranet"), displayName: "Intranet", wsUrl: "ws://intranet.example.com:9099", internal: true });
    await deployApi(admin, { apiId: api.id, environments: [external.name, internal.name] });
    const client = await subscribedClient(api.id);
    const edge = await testGateway({ environment: external.name });
    const intranet = await testGateway({ environment: internal.name });
    try {
      const path = gatewayPath(api);
      await gatewayKnows(edge, { path, consumerKey: client.keys.consumerKey, token: client.token, subscription: { applicationId: client.app.id, apiId: api.id } });
      const ws = await openOk(`${edge.url}${path}`, { token: client.token });
      expect((await roundTrip(ws, "edge")).data.toString()).toBe("edge");
      ws.close();

      await updateApiInfo(admin, api.id, { description: "", tags: [], accessMode: "INTERNAL" });
      await edge.store.until((s) => !s.routes.has(path));
      expect(await open(`${edge.url}${path}`, { token: client.token })).toMatchObject({ opened: false, status: 404, body: { error: "not_found" } });
      await gatewayKnows(intranet, { path, consumerKey: client.keys.consumerKey, token: client.token });
      (await openOk(`${intranet.url}${path}`, { token: client.token })).close();
    } finally {
      await edge.close();
      await intranet.close();
      await backend.close();
    }
  });
});
