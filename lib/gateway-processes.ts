// The gateway processes serving each environment now, as their heartbeats say: each process
// writes one every few seconds (recordGatewayHeartbeat); one that missed three is shown as
// gone, and forgotten a day later. A heartbeat is the process's report, not an admin's
// change: it is not audited and tells no gateway anything.
import { z } from "zod";
import { db } from "./db";
import { environmentView, type EnvironmentView } from "./environments";
import { assertRole, type Actor } from "./roles";

/** How often a gateway process writes its heartbeat. */
export const heartbeatIntervalMs = 5000;
/** Beats missed before a process is shown as gone. */
export const missedBeatsUntilGone = 3;
/** How long a gone process stays listed. */
const forgetAfterMs = 24 * 3600 * 1000;

export const ZGatewayHeartbeat = z.object({
  /** Chosen once when the process starts: gatewayProcessId(). */
  id: z.string().min(1).max(200),
  environment: z.string().min(1).max(40),
  host: z.string().min(1).max(255),
  version: z.string().min(1).max(60),
  startedAt: z.date(),
  openConnections: z.number().int().min(0),
  /** lib/notify.ts configVersion as of the snapshot it serves; null before the first load. */
  configVersion: z.number().int().min(0).nullable(),
});
export type GatewayHeartbeat = z.input<typeof ZGatewayHeartbeat>;

/** A process id that says where it runs: host, pid, and a random part against pid reuse. */
export function gatewayProcessId(host: string, pid: number, random: string): string {
  return `${host}:${pid}:${random}`;
}

/**
 * Writes the process's heartbeat, timed by the database's clock (in UTC, as Prisma reads a
 * timestamp), so that processes on machines whose clocks differ still compare.
 */
export async function recordGatewayHeartbeat(raw: GatewayHeartbeat): Promise<void> {
  const beat = ZGatewayHeartbeat.parse(raw);
  const fields = { environment: beat.environment, host: beat.host, version: beat.version, openConnections: beat.openConnections, configVersion: beat.configVersion };
  await db.$executeRaw`
    INSERT INTO "GatewayProcess" ("id", "environment", "host", "version", "startedAt", "lastHeartbeatAt", "openConnections", "configVersion")
    VALUES (${beat.id}, ${fields.environment}, ${fields.host}, ${fields.version}, ${beat.startedAt}, now() AT TIME ZONE 'UTC', ${fields.openConnections}, ${fields.configVersion})
    ON CONFLICT ("id") DO UPDATE SET "environment" = EXCLUDED."environment", "host" = EXCLUDED."host", "version" = EXCLUDED."version",
      "lastHeartbeatAt" = EXCLUDED."lastHeartbeatAt", "openConnections" = EXCLUDED."openConnections", "configVersion" = EXCLUDED."configVersion"`;
}

/** A process stopping cleanly takes itself off the list. */
export async function removeGatewayProcess(id: string): Promise<void> {
  await db.gatewayProcess.deleteMany({ where: { id } });
}

export interface GatewayProcessView {
  id: string;
  host: string;
  version: string;
  startedAt: Date;
  lastHeartbeatAt: Date;
  openConnections: number;
  configVersion: number | null;
  /** Missed three heartbeats: stopped without saying so, or cut off from the database. */
  gone: boolean;
  /** Loaded the newest configuration (ConfigVersion now). */
  upToDate: boolean;
}

export interface EnvironmentGateways {
  /** Null for processes started with a GATEWAY_ENVIRONMENT no environment has: they serve nothing. */
  environment: EnvironmentView | null;
  name: string;
  processes: GatewayProcessView[];
}

/** Admin → Gateway environments: every environment with the processes serving it, and processes of no environment. */
export async function listGatewayProcesses(actor: Actor): Promise<{ configVersion: number; environments: EnvironmentGateways[] }> {
  assertRole(actor, "ADMIN");
  const [now] = await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  // Reading the list is when the long-gone are forgotten: no process of the platform sweeps.
  await db.gatewayProcess.deleteMany({ where: { lastHeartbeatAt: { lt: new Date(now.now.getTime() - forgetAfterMs) } } });
  const [environments, processes, version] = await db.$transaction([
    db.gatewayEnvironment.findMany({ orderBy: [{ createdAt: "asc" }, { name: "asc" }] }),
    db.gatewayProcess.findMany({ orderBy: [{ startedAt: "asc" }, { id: "asc" }] }),
    db.configVersion.findUnique({ where: { id: 1 } }),
  ]);
  const current = version?.version ?? 0;
  const goneBefore = now.now.getTime() - missedBeatsUntilGone * heartbeatIntervalMs;
  const view = (p: (typeof processes)[number]): GatewayProcessView => ({
    id: p.id,
    host: p.host,
    version: p.version,
    startedAt: p.startedAt,
    lastHeartbeatAt: p.lastHeartbeatAt,
    openConnections: p.openConnections,
    configVersion: p.configVersion,
    gone: p.lastHeartbeatAt.getTime() < goneBefore,
    upToDate: p.configVersion === current,
  });
  const known = new Set(environments.map((e) => e.name));
  const orphans = [...new Set(processes.map((p) => p.environment).filter((n) => !known.has(n)))].sort();
  return {
    configVersion: current,
    environments: [
      ...environments.map((e) => ({ environment: environmentView(e), name: e.name, processes: processes.filter((p) => p.environment === e.name).map(view) })),
      ...orphans.map((name) => ({ environment: null, name, processes: processes.filter((p) => p.environment === name).map(view) })),
    ],
  };
}
