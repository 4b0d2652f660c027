// Gateway environments: where APIs are deployed and where clients reach them. A gateway
// process serves one (GATEWAY_ENVIRONMENT): the APIs deployed to it, each as its deployed
// revision. Production and Development come with the platform, their URLs from the settings
// unless an admin sets them; admins add others (Admin → Gateway environments).
import { z } from "zod";
import type { ApiAccessMode } from "../generated/prisma/enums";
import { recordAudit } from "./audit";
import { config } from "./config";
import { db, type Tx } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { notifyConfigChanged } from "./notify";
import { assertRole, type Actor } from "./roles";

/** An environment's name (GatewayEnvironment.name), as deployments and GATEWAY_ENVIRONMENT say it. */
export type Environment = string;

/** Where Publish and CREATE & PUBLISH deploy an API that has never been deployed (WSO2's default environment). */
export const defaultEnvironment: Environment = "Production";

/** The environments whose URLs default to settings (GATEWAY_URL …); they exist in every database. */
export const builtInEnvironments = ["Development", "Production"] as const;

/** Where clients reach an environment's gateways: ws, and wss when it has a TLS listener. */
export interface EnvironmentUrls {
  ws: string;
  wss: string | null;
}

export interface EnvironmentView extends EnvironmentUrls {
  name: Environment;
  displayName: string;
  description: string;
  internal: boolean;
  /** Whether ws and wss come from the settings (a built-in environment whose URL no admin set). */
  fromSettings: { ws: boolean; wss: boolean };
}

/** The URLs of the settings for Production and Development; none for others. */
function settingsUrls(name: string): { ws: string; wss: string | null } | null {
  const c = config();
  if (name === "Production") return { ws: c.GATEWAY_URL, wss: c.GATEWAY_WSS_URL ?? null };
  if (name === "Development") return { ws: c.GATEWAY_DEV_URL, wss: c.GATEWAY_DEV_WSS_URL ?? null };
  return null;
}

type EnvironmentRow = { name: string; displayName: string; description: string; wsUrl: string | null; wssUrl: string | null; internal: boolean };

export function environmentView(row: EnvironmentRow): EnvironmentView {
  const settings = settingsUrls(row.name);
  return {
    name: row.name,
    displayName: row.displayName,
    description: row.description,
    internal: row.internal,
    ws: row.wsUrl ?? settings?.ws ?? "",
    wss: row.wssUrl ?? settings?.wss ?? null,
    fromSettings: { ws: row.wsUrl === null && !!settings, wss: row.wssUrl === null && !!settings?.wss },
  };
}

/** Production's URLs as the settings have them, for a caller without a database (a definition generated offline). */
export function settingsEnvironment(name: (typeof builtInEnvironments)[number]): EnvironmentView {
  return environmentView({ name, displayName: name, description: "", wsUrl: null, wssUrl: null, internal: false });
}

const environmentOrder = [{ createdAt: "asc" }, { name: "asc" }] as const;

/** Every environment, in the order the Publisher shows them: Development, Production, then those added. */
export async function listEnvironments(tx: Tx = db): Promise<EnvironmentView[]> {
  const rows = await tx.gatewayEnvironment.findMany({ orderBy: [...environmentOrder] });
  return rows.map(environmentView);
}

export async function getEnvironment(name: Environment, tx: Tx = db): Promise<EnvironmentView> {
  const row = await tx.gatewayEnvironment.findUnique({ where: { name } });
  if (!row) throw new DuplexError("NOT_FOUND", `No gateway environment named ${name}.`);
  return environmentView(row);
}

/**
 * Whether an environment's gateways serve an API: External APIs everywhere, Internal ones only
 * on internal environments (the gateway answers 404 elsewhere).
 */
export function servesApi(environment: { internal: boolean }, api: { accessMode: ApiAccessMode }): boolean {
  return api.accessMode === "EXTERNAL" || environment.internal;
}

/** Refuses names no environment has, on the `environments` field of a deploy form. */
export async function assertEnvironments(tx: Tx, names: string[]): Promise<void> {
  const found = await tx.gatewayEnvironment.findMany({ where: { name: { in: names } }, select: { name: true } });
  const unknown = names.filter((n) => !found.some((f) => f.name === n));
  if (unknown.length) throw new DuplexError("INVALID", `No gateway environment named ${unknown.join(", ")}.`, "environments");
}

export const ZEnvironmentName = z
  .string()
  .trim()
  .min(1, "Name is required.")
  .max(40, "At most 40 characters.")
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "Letters, digits, '_' and '-', starting with a letter: gateways are started with GATEWAY_ENVIRONMENT=<name>.");

const emptyAsNull = (v: unknown) => (v === "" || v === undefined ? null : v);
const ZWsUrl = z.string().trim().regex(/^ws:\/\/[^/\s]+$/, "A ws:// URL with a host and port only, such as ws://gateway.example.com:9099.");
const ZWssUrl = z.string().trim().regex(/^wss:\/\/[^/\s]+$/, "A wss:// URL with a host and port only, such as wss://gateway.example.com:8099.");

const environmentFields = {
  displayName: z.string().trim().min(1, "Display name is required.").max(60, "At most 60 characters."),
  description: z.string().trim().max(300, "At most 300 characters.").default(""),
  /** Empty for Production and Development: their settings. */
  wsUrl: z.preprocess(emptyAsNull, ZWsUrl.nullable()).default(null),
  wssUrl: z.preprocess(emptyAsNull, ZWssUrl.nullable()).default(null),
  internal: z.boolean().default(false),
};

export const ZCreateEnvironment = z.object({ name: ZEnvironmentName, ...environmentFields });
export type CreateEnvironmentInput = z.input<typeof ZCreateEnvironment>;
/** Everything but the name, which gateways and deployments refer to. */
export const ZUpdateEnvironment = z.object(environmentFields);
export type UpdateEnvironmentInput = z.input<typeof ZUpdateEnvironment>;

function requireWsUrl(name: string, wsUrl: string | null) {
  if (wsUrl === null && !settingsUrls(name)) throw new DuplexError("INVALID", "Where clients connect is required: a ws:// URL.", "wsUrl");
}

function audited(row: EnvironmentRow) {
  return { name: row.name, displayName: row.displayName, description: row.description, wsUrl: row.wsUrl, wssUrl: row.wssUrl, internal: row.internal };
}

export async function createEnvironment(actor: Actor, raw: CreateEnvironmentInput): Promise<EnvironmentView> {
  assertRole(actor, "ADMIN");
  const input = ZCreateEnvironment.parse(raw);
  requireWsUrl(input.name, input.wsUrl);
  try {
    return await db.$transaction(async (tx) => {
      // Names differ in more than case: GATEWAY_ENVIRONMENT=production must not find two.
      const clash = await tx.gatewayEnvironment.findFirst({ where: { name: { equals: input.name, mode: "insensitive" } } });
      if (clash) throw new DuplexError("CONFLICT", `There is an environment named ${clash.name}.`, "name");
      const row = await tx.gatewayEnvironment.create({ data: input });
      await recordAudit(tx, actor, { entity: "environment", entityId: row.name, action: "create", after: audited(row) });
      await notifyConfigChanged(tx, "environment");
      return environmentView(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplexError("CONFLICT", `There is an environment named ${input.name}.`, "name");
    throw e;
  }
}

async function lockedEnvironment(tx: Tx, name: string) {
  const [locked] = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM "GatewayEnvironment" WHERE name = ${name} FOR UPDATE`;
  if (!locked) throw new DuplexError("NOT_FOUND", `No gateway environment named ${name}.`);
  return tx.gatewayEnvironment.findUniqueOrThrow({ where: { name } });
}

/** Changes what the Developer Portal shows and whether the environment is internal (which Internal APIs its gateways serve). */
export async function updateEnvironment(actor: Actor, name: Environment, raw: UpdateEnvironmentInput): Promise<EnvironmentView> {
  assertRole(actor, "ADMIN");
  const input = ZUpdateEnvironment.parse(raw);
  requireWsUrl(name, input.wsUrl);
  return db.$transaction(async (tx) => {
    const before = await lockedEnvironment(tx, name);
    const row = await tx.gatewayEnvironment.update({ where: { name }, data: input });
    await recordAudit(tx, actor, { entity: "environment", entityId: name, action: "update", before: audited(before), after: audited(row) });
    await notifyConfigChanged(tx, "environment");
    return environmentView(row);
  });
}

/** Deletes an environment no API is deployed to; the default environment (where Publish deploys) stays. */
export async function deleteEnvironment(actor: Actor, name: Environment): Promise<void> {
  assertRole(actor, "ADMIN");
  if (name === defaultEnvironment) throw new DuplexError("CONFLICT", `${defaultEnvironment} cannot be deleted: Publish deploys there.`);
  await db.$transaction(async (tx) => {
    const row = await lockedEnvironment(tx, name);
    const deployed = await tx.apiDeployment.count({ where: { environment: name } });
    if (deployed > 0) {
      throw new DuplexError("CONFLICT", `${deployed} API${deployed === 1 ? " is" : "s are"} deployed to ${row.displayName}: undeploy ${deployed === 1 ? "it" : "them"} first.`);
    }
    await tx.gatewayEnvironment.delete({ where: { name } });
    await recordAudit(tx, actor, { entity: "environment", entityId: name, action: "delete", before: audited(row) });
    await notifyConfigChanged(tx, "environment");
  });
}
