// Revisions: immutable copies of what the gateway needs of an API, made by Deploy. Topics
// and endpoints (with their cogwheel settings) are a working copy until a revision of them
// is deployed; the lifecycle state, business plans, subscriptions and keys stay live.
import { z } from "zod";
import { db, type Tx } from "./db";
import { endpointConfig } from "./endpoint-config";
import { recordAudit } from "./audit";
import { DuplexError } from "./errors";
import { assertRole, type Actor } from "./roles";

/** WSO2 API Manager keeps at most 5 revisions of an API; so do we. */
export const maxRevisions = 5;

const ZRevisionTopic = z.object({
  name: z.string(),
  publish: z.boolean(),
  subscribe: z.boolean(),
  urlMapping: z.string().nullable().default(null),
  description: z.string().default(""),
});

const ZRevisionEndpoint = z.object({
  type: z.enum(["PRODUCTION", "SANDBOX"]),
  url: z.string(),
  // Defaults filled in: a revision keeps the settings in force when it was made.
  config: z.unknown().transform((c) => endpointConfig(c)),
});

/** ApiRevision.config. */
export const ZRevisionConfig = z.object({
  context: z.string(),
  version: z.string(),
  topics: z.array(ZRevisionTopic),
  endpoints: z.array(ZRevisionEndpoint),
});
export type RevisionConfig = z.output<typeof ZRevisionConfig>;

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * One spelling of a configuration (a stored ApiRevision.config or a working copy): fixed key
 * order, topics by name, endpoints by type, settings with defaults. Equal configurations are equal strings.
 */
export function canonicalConfig(source: unknown): RevisionConfig {
  const parsed = ZRevisionConfig.parse(source);
  return {
    context: parsed.context,
    version: parsed.version,
    topics: parsed.topics
      .map((t) => ({ name: t.name, publish: t.publish, subscribe: t.subscribe, urlMapping: t.urlMapping, description: t.description }))
      .sort(byKey((t) => t.name)),
    endpoints: parsed.endpoints.map((e) => ({ type: e.type, url: e.url, config: e.config })).sort(byKey((e) => e.type)),
  };
}

export function sameConfig(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonicalConfig(a)) === JSON.stringify(canonicalConfig(b));
}

/** The API's configuration as saved now (its working copy). */
export async function workingCopy(tx: Tx, apiId: string): Promise<RevisionConfig> {
  // One query at a time: a transaction is one connection, and pg wants its queries in turn.
  const api = await tx.api.findUnique({ where: { id: apiId }, select: { context: true, version: true } });
  if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
  const topics = await tx.topic.findMany({ where: { apiId }, select: { name: true, publish: true, subscribe: true, urlMapping: true, description: true } });
  const endpoints = await tx.endpoint.findMany({ where: { apiId }, select: { type: true, url: true, config: true } });
  return canonicalConfig({ ...api, topics, endpoints });
}

/**
 * A new revision of the working copy. The caller holds the API's row lock (SELECT … FOR
 * UPDATE) and has checked the role; numbers count up per API and are never reused.
 */
export async function createRevision(tx: Tx, actor: Actor, apiId: string, description: string, working?: RevisionConfig) {
  const count = await tx.apiRevision.count({ where: { apiId } });
  if (count >= maxRevisions) {
    throw new DuplexError(
      "CONFLICT",
      `An API keeps at most ${maxRevisions} revisions. Delete a revision that is not deployed, then deploy again.`,
    );
  }
  const config = working ?? (await workingCopy(tx, apiId));
  if (config.endpoints.length === 0) {
    throw new DuplexError("INVALID", "Set an endpoint before deploying: the gateway would have nowhere to send traffic.");
  }
  const { lastRevisionNumber } = await tx.api.update({ where: { id: apiId }, data: { lastRevisionNumber: { increment: 1 } }, select: { lastRevisionNumber: true } });
  return tx.apiRevision.create({ data: { apiId, number: lastRevisionNumber, description, config, createdById: actor.id } });
}

/**
 * What Deploy deploys: the newest revision when the working copy is exactly that, else a new
 * revision of it (so deploying twice does not use up the cap). The caller holds the row lock.
 */
export async function revisionOfWorkingCopy(tx: Tx, actor: Actor, apiId: string, description: string) {
  const newest = await tx.apiRevision.findFirst({ where: { apiId }, orderBy: { number: "desc" } });
  const working = await workingCopy(tx, apiId);
  return newest && sameConfig(newest.config, working) ? newest : createRevision(tx, actor, apiId, description, working);
}

/** Locks the API's row for the rest of the transaction: two deploys at once take turns. */
export async function lockApi(tx: Tx, apiId: string) {
  const [api] = await tx.$queryRaw<{ id: string; status: string; name: string }[]>`SELECT id, status::text, name FROM "Api" WHERE id = ${apiId} FOR UPDATE`;
  if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
  return api;
}

async function revisionOf(tx: Tx, apiId: string, revisionId: string) {
  const revision = await tx.apiRevision.findFirst({ where: { id: revisionId, apiId }, include: { deployments: { select: { environment: true } } } });
  if (!revision) throw new DuplexError("NOT_FOUND", "No such revision of this API.");
  return revision;
}

/** Deletes a revision that no environment serves. */
export async function deleteRevision(actor: Actor, input: { apiId: string; revisionId: string }) {
  assertRole(actor, "PUBLISHER");
  return db.$transaction(async (tx) => {
    await lockApi(tx, input.apiId);
    const revision = await revisionOf(tx, input.apiId, input.revisionId);
    if (revision.deployments.length > 0) {
      const where = revision.deployments.map((d) => d.environment).join(" and ");
      throw new DuplexError("CONFLICT", `Revision ${revision.number} is deployed to ${where}: deploy another revision there (or undeploy) before deleting it.`);
    }
    await tx.apiRevision.delete({ where: { id: revision.id } });
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: input.apiId,
      action: "delete-revision",
      before: { revision: revision.number, description: revision.description, config: canonicalConfig(revision.config) },
    });
    return revision;
  });
}

/**
 * Makes the working copy what the revision holds (its topics and endpoints); the gateways
 * keep serving what is deployed. An edit, so it needs the creator role.
 */
export async function restoreRevision(actor: Actor, input: { apiId: string; revisionId: string }) {
  assertRole(actor, "CREATOR");
  return db.$transaction(async (tx) => {
    const api = await lockApi(tx, input.apiId);
    if (api.status === "RETIRED") throw new DuplexError("CONFLICT", "A retired API cannot be changed.");
    const revision = await revisionOf(tx, input.apiId, input.revisionId);
    const config = canonicalConfig(revision.config);
    const before = await workingCopy(tx, api.id);
    await tx.topic.deleteMany({ where: { apiId: api.id } });
    await tx.topic.createMany({ data: config.topics.map((t) => ({ apiId: api.id, ...t })) });
    await tx.endpoint.deleteMany({ where: { apiId: api.id } });
    await tx.endpoint.createMany({ data: config.endpoints.map((e) => ({ apiId: api.id, type: e.type, url: e.url, config: e.config })) });
    await tx.api.update({ where: { id: api.id }, data: { updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: api.id,
      action: "restore-revision",
      before: { topics: before.topics, endpoints: before.endpoints },
      after: { revision: revision.number, topics: config.topics, endpoints: config.endpoints },
    });
    return revision;
  });
}
