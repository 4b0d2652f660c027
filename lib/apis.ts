// WebSocket APIs: creating and reading them.
import { z } from "zod";
import { db, type Tx } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { assertRole, hasRole, type Actor } from "./roles";
import { notifyConfigChanged } from "./notify";
import { applyTransition } from "./lifecycle";
import { recordAudit } from "./audit";
import type { ApiStatus } from "../generated/prisma/enums";
import { ZApiAccessMode, ZApiDescription, ZApiTags } from "./api-info";
import { canonicalConfig } from "./revisions";
import { defaultEnvironment, environmentView, servesApi, type EnvironmentView } from "./environments";
import type { Prisma } from "../generated/prisma/client";

export const ZApiName = z
  .string()
  .trim()
  .min(1, "Name is required.")
  .max(60, "Name can have at most 60 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, "Name can have letters, digits, spaces, '.', '_' and '-', and starts with a letter or digit.");

export const ZApiContext = z
  .string()
  .trim()
  .min(1, "Context is required.")
  .max(200, "Context can have at most 200 characters.")
  .regex(/^\//, "Context starts with '/'.")
  .regex(/^(\/([A-Za-z0-9_.-]+|\{version\}))+$/, "Context is one or more /segments of letters, digits, '.', '_' or '-' (and {version}).")
  .refine((c) => c.split("{version}").length <= 2, "Context can hold {version} only once.")
  // A URL's path drops '.' and '..' segments (RFC 3986 §5.2.4): such a context is never reached.
  .refine((c) => !c.split("/").some((s) => s === "." || s === ".."), "Context segments cannot be '.' or '..'.");

export const ZApiVersion = z
  .string()
  .trim()
  .min(1, "Version is required.")
  .max(30, "Version can have at most 30 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Version can have letters, digits, '.', '_' and '-'.");

export const ZWebSocketEndpoint = z
  .string()
  .trim()
  .refine((u) => {
    try {
      const url = new URL(u);
      return (url.protocol === "ws:" || url.protocol === "wss:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "Endpoint must be a ws:// or wss:// URL with a host, such as ws://localhost:7070.");

export const ZCreateApi = z.object({
  name: ZApiName,
  context: ZApiContext,
  version: ZApiVersion,
  endpoint: z.union([z.literal(""), ZWebSocketEndpoint]).default(""),
  sandboxEndpoint: z.union([z.literal(""), ZWebSocketEndpoint]).default(""),
  plans: z.array(z.string().min(1)).default([]),
  description: ZApiDescription,
  tags: ZApiTags,
  accessMode: ZApiAccessMode,
  publish: z.boolean().default(false),
});
export type CreateApiInput = z.input<typeof ZCreateApi>;

/** Topics and the saved AsyncAPI text of an API imported from a definition (lib/asyncapi.ts checks both first). */
export interface ImportedDefinition {
  text: string;
  topics: { name: string; publish: boolean; subscribe: boolean; urlMapping: string | null; description: string }[];
}

export async function createApi(actor: Actor, raw: CreateApiInput, definition?: ImportedDefinition) {
  assertRole(actor, "CREATOR");
  const input = ZCreateApi.parse(raw);
  if (input.publish) {
    assertRole(actor, "PUBLISHER");
    if (!input.endpoint) throw new DuplexError("INVALID", "An endpoint is needed to publish.", "endpoint");
    if (input.plans.length === 0) throw new DuplexError("INVALID", "Choose at least one business plan to publish.", "plans");
  }
  const plans = await db.businessPlan.findMany({ where: { name: { in: input.plans } } });
  const unknown = input.plans.filter((p) => !plans.some((plan) => plan.name === p));
  if (unknown.length) throw new DuplexError("INVALID", `Unknown business plan: ${unknown.join(", ")}.`, "plans");
  await assertFreeNameAndContext(input);

  try {
    return await db.$transaction(async (tx) => {
      const api = await tx.api.create({
        data: {
          name: input.name,
          context: input.context,
          version: input.version,
          description: input.description,
          tags: input.tags,
          accessMode: input.accessMode,
          providerId: actor.id,
          topics: { create: definition ? definition.topics : [{ name: "/*", publish: true, subscribe: true }] },
          asyncApiDefinition: definition?.text,
          plans: { create: plans.map((p) => ({ planId: p.id })) },
          endpoints: {
            create: [
              ...(input.endpoint ? [{ type: "PRODUCTION" as const, url: input.endpoint }] : []),
              ...(input.sandboxEndpoint ? [{ type: "SANDBOX" as const, url: input.sandboxEndpoint }] : []),
            ],
          },
          lifecycle: { create: { toStatus: "CREATED", action: "Create", userId: actor.id } },
        },
      });
      if (input.publish) await applyTransition(tx, actor, api, "Publish");
      const created = await tx.api.findUniqueOrThrow({ where: { id: api.id } });
      await recordAudit(tx, actor, {
        entity: "api",
        entityId: api.id,
        action: definition ? "import" : "create",
        after: {
          ...auditedApi(created),
          endpoints: { production: input.endpoint || null, sandbox: input.sandboxEndpoint || null },
          plans: plans.map((p) => p.name),
          topics: definition ? definition.topics.map((t) => t.name) : ["/*"],
        },
      });
      await notifyConfigChanged(tx, "api");
      return created;
    });
  } catch (e) {
    // Two creators racing for one name or context: the loser gets the field message too.
    if (isUniqueViolation(e)) await assertFreeNameAndContext(input);
    throw e;
  }
}

/** The fields of an API its audit rows show. */
export function auditedApi(api: { name: string; context: string; version: string; status: ApiStatus; description: string; tags: string[]; accessMode: string }) {
  return { name: api.name, context: api.context, version: api.version, status: api.status, description: api.description, tags: api.tags, accessMode: api.accessMode };
}

async function assertFreeNameAndContext(input: { name: string; context: string; version: string }, tx: Tx = db) {
  const clash = await tx.api.findFirst({
    where: { version: input.version, OR: [{ name: input.name }, { context: input.context }] },
  });
  if (clash?.name === input.name) throw new DuplexError("CONFLICT", `An API named ${input.name} already has version ${input.version}.`, "name");
  if (clash) throw new DuplexError("CONFLICT", `The context ${input.context} is taken for version ${input.version}.`, "context");
}

/** Subscriptions that still let an application call the API: they block its deletion. */
const liveSubscription = { status: { in: ["ACTIVE", "PROD_ONLY_BLOCKED", "ON_HOLD"] as ("ACTIVE" | "PROD_ONLY_BLOCKED" | "ON_HOLD")[] } };

/** Deletes an API with its topics, endpoints, plans, history and usage; refused while applications subscribe to it. */
export async function deleteApi(actor: Actor, apiId: string) {
  assertRole(actor, "CREATOR");
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Api" WHERE id = ${apiId} FOR UPDATE`;
    if (!locked) throw new DuplexError("NOT_FOUND", "No such API.");
    const api = await tx.api.findUniqueOrThrow({ where: { id: apiId } });
    const live = await tx.subscription.count({ where: { apiId, ...liveSubscription } });
    if (live > 0) {
      throw new DuplexError(
        "CONFLICT",
        `${api.name} ${api.version} has ${live} active subscription${live === 1 ? "" : "s"}: it cannot be deleted until ${live === 1 ? "that application unsubscribes" : "those applications unsubscribe"}. Deprecate or block it to stop new traffic.`,
      );
    }
    await tx.api.delete({ where: { id: apiId } });
    await recordAudit(tx, actor, { entity: "api", entityId: apiId, action: "delete", before: auditedApi(api) });
    await notifyConfigChanged(tx, "api");
    return { id: api.id, name: api.name, version: api.version };
  });
}

/** The Publisher's list: every API for admins, publishers and creators (WSO2 shares APIs within the tenant). */
export function listApis(actor: Actor, filter: { query?: string; status?: ApiStatus } = {}) {
  assertRole(actor, "CREATOR", "PUBLISHER");
  return db.api.findMany({
    where: { ...matching(filter.query), ...(filter.status ? { status: filter.status } : {}) },
    orderBy: { updatedAt: "desc" },
    include: { provider: { select: { username: true } } },
  });
}

export async function getApiForPublisher(actor: Actor, id: string) {
  assertRole(actor, "CREATOR", "PUBLISHER");
  const api = await db.api.findUnique({
    where: { id },
    include: {
      provider: { select: { username: true } },
      endpoints: true,
      topics: { orderBy: { name: "asc" } },
      plans: { include: { plan: true } },
      lifecycle: { include: { user: { select: { username: true } } }, orderBy: { createdAt: "desc" } },
      _count: { select: { subscriptions: true } },
    },
  });
  if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
  return api;
}

/** States in which the Developer Portal shows an API. */
export const visibleInPortal = ["PUBLISHED", "PROTOTYPED", "DEPRECATED", "BLOCKED"] as const;
/**
 * The APIs the Developer Portal shows: in such a state, and deployed where a gateway serves
 * them (anywhere for an External API, on an internal environment for an Internal one), so a
 * developer can call them.
 */
const inPortal: Prisma.ApiWhereInput = {
  status: { in: [...visibleInPortal] },
  OR: [{ accessMode: "EXTERNAL", deployments: { some: {} } }, { deployments: { some: { gatewayEnvironment: { internal: true } } } }],
};

/** Text search over name, context and description, case-insensitive, and an exact tag. */
function matching(query: string | undefined): Prisma.ApiWhereInput {
  const q = query?.trim();
  if (!q) return {};
  return {
    OR: [
      { tags: { has: q.toLowerCase() } },
      { name: { contains: q, mode: "insensitive" as const } },
      { context: { contains: q, mode: "insensitive" as const } },
      { description: { contains: q, mode: "insensitive" as const } },
    ],
  };
}

export function listPortalApis(query?: string, tag?: string) {
  return db.api.findMany({
    where: { AND: [inPortal, matching(query), tag ? { tags: { has: tag.trim().toLowerCase() } } : {}] },
    orderBy: { name: "asc" },
    include: { provider: { select: { username: true } }, plans: { include: { plan: true } } },
  });
}

/** The tags of the APIs the Developer Portal shows, most used first, for browsing by tag. */
export async function listPortalTags(): Promise<{ tag: string; count: number }[]> {
  const apis = await db.api.findMany({ where: inPortal, select: { tags: true } });
  const counts = new Map<string, number>();
  for (const tag of apis.flatMap((a) => a.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}


/**
 * An API as the Developer Portal shows it. Topics and endpoints come from the revision its
 * gateways serve, not the Publisher's working copy, so what a developer reads is what a
 * client reaches; `environments` are where it is deployed and served, Production (where
 * subscribers connect) first, with where clients reach them.
 */
export async function getPortalApi(id: string) {
  const found = await db.api.findFirst({
    where: { AND: [{ id }, inPortal] },
    include: {
      provider: { select: { username: true } },
      plans: { include: { plan: true } },
      deployments: { select: { environment: true, gatewayEnvironment: true, revision: { select: { config: true } } } },
    },
  });
  if (!found) throw new DuplexError("NOT_FOUND", "No such API.");
  const { deployments, ...api } = found;
  const rank = (e: EnvironmentView) => (e.name === defaultEnvironment ? "0" : `1${e.displayName}`);
  const live = deployments
    .map((d) => ({ ...d, view: environmentView(d.gatewayEnvironment) }))
    .filter((d) => servesApi(d.view, api))
    .sort((a, b) => rank(a.view).localeCompare(rank(b.view)));
  const revision = canonicalConfig(live[0].revision.config);
  return {
    ...api,
    topics: revision.topics,
    endpoints: revision.endpoints.map((e) => ({ type: e.type })),
    environments: live.map((d) => d.view),
  };
}

export { hasRole };
