import { describe, expect, it } from "vitest";
import { db } from "./db";
import { heartbeatIntervalMs, listGatewayProcesses, missedBeatsUntilGone, recordGatewayHeartbeat, removeGatewayProcess } from "./gateway-processes";
import { configVersion } from "./notify";
import { createPlan } from "./plans";
import { makeUser, unique } from "./testing/fixtures";
import { refusal } from "./testing/refusal";

const beat = (id: string, extra: Partial<Parameters<typeof recordGatewayHeartbeat>[0]> = {}) =>
  recordGatewayHeartbeat({ id, environment: "Production", host: "gw-1", version: "0.1.0", startedAt: new Date(Date.now() - 60_000), openConnections: 0, configVersion: null, ...extra });

const find = async (admin: Awaited<ReturnType<typeof makeUser>>, id: string) => {
  const { environments } = await listGatewayProcesses(admin);
  const group = environments.find((g) => g.processes.some((p) => p.id === id));
  return { group, process: group?.processes.find((p) => p.id === id) };
};

describe("gateway heartbeats", () => {
  it("list each process under its environment, the latest beat winning, and whether it has the newest configuration", async () => {
    const admin = await makeUser(["ADMIN"]);
    const id = unique("gw-");
    await beat(id, { openConnections: 3 });
    const version = await db.$transaction((tx) => configVersion(tx));
    await beat(id, { openConnections: 7, configVersion: version });
    const { group, process } = await find(admin, id);
    expect(group?.name).toBe("Production");
    expect(group?.environment?.displayName).toBe("Production");
    expect(process).toMatchObject({ host: "gw-1", version: "0.1.0", openConnections: 7, configVersion: version, gone: false });
    expect(await db.gatewayProcess.count({ where: { id } })).toBe(1);

    // Any change moves the configuration on: the process has not loaded it yet.
    await createPlan(admin, { name: unique("Plan") });
    const after = (await listGatewayProcesses(admin)).configVersion;
    expect(after).toBeGreaterThan(version);
    expect((await find(admin, id)).process?.upToDate).toBe(false);
  });

  it("show a process that missed three beats as gone, one of an unknown environment on its own, and forget one that stopped", async () => {
    const admin = await makeUser(["ADMIN"]);
    const silent = unique("gw-");
    await beat(silent);
    await db.gatewayProcess.update({ where: { id: silent }, data: { lastHeartbeatAt: new Date(Date.now() - (missedBeatsUntilGone * heartbeatIntervalMs + 2000)) } });
    expect((await find(admin, silent)).process?.gone).toBe(true);

    const stray = unique("gw-");
    const environment = unique("Typo");
    await beat(stray, { environment });
    expect((await find(admin, stray)).group).toMatchObject({ name: environment, environment: null });

    await removeGatewayProcess(stray);
    expect((await find(admin, stray)).process).toBeUndefined();
    const old = unique("gw-");
    await beat(old);
    await db.gatewayProcess.update({ where: { id: old }, data: { lastHeartbeatAt: new Date(Date.now() - 25 * 3600 * 1000) } });
    await listGatewayProcesses(admin);
    expect(await db.gatewayProcess.count({ where: { id: old } })).toBe(0);
    expect((await refusal(listGatewayProcesses(await makeUser(["PUBLISHER"])))).code).toBe("FORBIDDEN");
  });
});
