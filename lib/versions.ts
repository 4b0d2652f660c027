// Versions of an API: a new version is a copy under another version string; one version
// of a name is the default, which the gateway also serves at the context without a version.
import { z } from "zod";
import { db } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { auditedApi, ZApiVersion } from "./apis";
import { notifyConfigChanged } from "./notify";
import { recordAudit } from "./audit";
import { assertRole, type Actor } from "./roles";

export const ZNewVersion = z.object({ apiId: z.string().min(1), version: ZApiVersion });

export async function createNewVersion(actor: Actor, raw: z.input<typeof ZNewVersion>) {
  assertRole(actor, "CREATOR");
  const input = ZNewVersion.parse(raw);
  const source = await db.api.findUnique({ where: { id: input.apiId }, include: { topics: true, endpoints: true, plans: true } });
  if (!source) throw new DuplexError("NOT_FOUND", "No such API.");
  const taken = () => new DuplexError("CONFLICT", `${source.name} already has version ${input.version}.`, "version");
  const clash = await db.api.findFirst({ where: { version: input.version, OR: [{ name: source.name }, { context: source.context }] } });
  if (clash) throw clash.name === source.name ? taken() : new DuplexError("CONFLICT", `The context ${source.context} is taken for version ${input.version}.`, "version");
  try {
    return await db.$transaction(async (tx) => {
      const api = await tx.api.create({
        data: {
          name: source.name,
          context: source.context,
          version: input.version,
          description: source.description,
          asyncApiDefinition: source.asyncApiDefinition,
          accessMode: source.accessMode,
          providerId: actor.id,
          topics: { create: source.topics.map(({ name, publish, subscribe, urlMapping, description }) => ({ name, publish, subscribe, urlMapping, description })) },
          endpoints: { create: source.endpoints.map(({ type, url, config }) => ({ type, url, config: config ?? {} })) },
          plans: { create: source.plans.map(({ planId }) => ({ planId })) },
          lifecycle: { create: { toStatus: "CREATED", action: `Create from ${source.version}`, userId: actor.id } },
        },
      });
      await recordAudit(tx, actor, { entity: "api", entityId: api.id, action: "create-version", after: { ...auditedApi(api), from: { id: source.id, version: source.version } } });
      await notifyConfigChanged(tx, "api");
      return api;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}

/** Every version of the API's name, newest first. */
export async function listVersions(actor: Actor, apiId: string) {
  assertRole(actor, "CREATOR", "PUBLISHER");
  const api = await db.api.findUnique({ where: { id: apiId }, select: { name: true } });
  if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
  return db.api.findMany({
    where: { name: api.name },
    orderBy: { createdAt: "desc" },
    select: { id: true, version: true, context: true, status: true, isDefaultVersion: true, createdAt: true, _count: { select: { subscriptions: true } } },
  });
}

/** Makes this version the default of its name, and no other. */
export async function setDefaultVersion(actor: Actor, apiId: string) {
  assertRole(actor, "CREATOR");
  return db.$transaction(async (tx) => {
    const api = await tx.api.findUnique({ where: { id: apiId }, select: { id: true, name: true, context: true, version: true, status: true } });
    if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
    if (api.status === "RETIRED") throw new DuplexError("CONFLICT", "A retired version cannot be the default.");
    // Two people choosing different defaults at once: the second waits, and the last one wins alone.
    await tx.$queryRaw`SELECT id FROM "Api" WHERE name = ${api.name} OR context = ${api.context} FOR UPDATE`;
    const previous = await tx.api.findMany({ where: { OR: [{ name: api.name }, { context: api.context }], isDefaultVersion: true }, select: { id: true, version: true } });
    await tx.api.updateMany({ where: { OR: [{ name: api.name }, { context: api.context }], isDefaultVersion: true, NOT: { id: api.id } }, data: { isDefaultVersion: false } });
    await tx.api.update({ where: { id: api.id }, data: { isDefaultVersion: true } });
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: api.id,
      action: "set-default-version",
      before: { defaultVersions: previous },
      after: { defaultVersions: [{ id: api.id, version: api.version }] },
    });
    await notifyConfigChanged(tx, "api");
  });
}
