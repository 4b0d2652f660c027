// Deployments: which revision of an API each gateway environment serves. Deploy makes a
// revision of the working copy and deploys it; deploying an earlier revision rolls back.
// Every write tells the gateways inside its transaction, so they reload only what committed.
import { z } from "zod";
import type { ApiAccessMode } from "../generated/prisma/enums";
import { db, type Tx } from "./db";
import { assertEnvironments, defaultEnvironment, listEnvironments, servesApi, type Environment, type EnvironmentUrls, type EnvironmentView } from "./environments";
import { recordAudit } from "./audit";
import { DuplexError } from "./errors";
import { notifyConfigChanged } from "./notify";
import { canonicalConfig, lockApi, maxRevisions, revisionOfWorkingCopy, sameConfig, workingCopy, type RevisionConfig } from "./revisions";
import { assertRole, hasRole, type Actor } from "./roles";

/** An environment's name; the function checks there is one (lib/environments.ts assertEnvironments). */
const ZEnvironment = z.string().trim().min(1, "Choose an environment.");

export const ZDeployApi = z.object({
  apiId: z.string().min(1),
  environments: z.array(ZEnvironment).min(1, "Choose at least one environment."),
  description: z.string().trim().max(200, "A description can have at most 200 characters.").default(""),
});
export type DeployApiInput = z.input<typeof ZDeployApi>;

export const ZDeployRevision = z.object({ apiId: z.string().min(1), revisionId: z.string().min(1), environment: ZEnvironment });
export const ZUndeploy = z.object({ apiId: z.string().min(1), environment: ZEnvironment });

/**
 * Points the environment at the revision and records it: "Deploy", or "Roll back" to an earlier
 * number. Returns what was there before, or null when the revision already was.
 */
async function deployTo(tx: Tx, actor: Actor, apiId: string, revision: { id: string; number: number }, environment: Environment) {
  const current = await tx.apiDeployment.findUnique({ where: { apiId_environment: { apiId, environment } }, include: { revision: { select: { id: true, number: true } } } });
  if (current?.revision.id === revision.id) return null;
  const data = { revisionId: revision.id, deployedAt: new Date(), deployedById: actor.id };
  await tx.apiDeployment.upsert({ where: { apiId_environment: { apiId, environment } }, create: { apiId, environment, ...data }, update: data });
  const action = current && current.revision.number > revision.number ? "Roll back" : "Deploy";
  await tx.deploymentEvent.create({
    data: { apiId, environment, action, revisionNumber: revision.number, fromRevisionNumber: current?.revision.number ?? null, userId: actor.id },
  });
  return { action, environment, fromRevision: current?.revision.number ?? null };
}

function refuseRetired(api: { status: string }) {
  if (api.status === "RETIRED") throw new DuplexError("CONFLICT", "A retired API cannot be deployed.");
}

/**
 * Deploy: a new revision of the working copy, deployed to each chosen environment. When the
 * working copy is exactly the newest revision, that revision is deployed instead of a copy.
 */
export async function deployApi(actor: Actor, raw: DeployApiInput) {
  assertRole(actor, "PUBLISHER");
  const input = ZDeployApi.parse(raw);
  return db.$transaction(async (tx) => {
    const api = await lockApi(tx, input.apiId);
    refuseRetired(api);
    await assertEnvironments(tx, input.environments);
    const revision = await revisionOfWorkingCopy(tx, actor, api.id, input.description);
    const moved = [];
    for (const environment of input.environments) {
      const done = await deployTo(tx, actor, api.id, revision, environment);
      if (done) moved.push(done);
    }
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: api.id,
      action: "deploy",
      before: { deployments: moved.map((m) => ({ environment: m.environment, revision: m.fromRevision })) },
      after: { revision: revision.number, description: revision.description, deployments: moved.map((m) => ({ environment: m.environment, revision: revision.number })) },
    });
    await notifyConfigChanged(tx, "deployment");
    return revision;
  });
}

/** Deploys an existing revision to one environment: a rollback when it is older than what is there. */
export async function deployRevision(actor: Actor, raw: z.input<typeof ZDeployRevision>) {
  assertRole(actor, "PUBLISHER");
  const input = ZDeployRevision.parse(raw);
  return db.$transaction(async (tx) => {
    const api = await lockApi(tx, input.apiId);
    refuseRetired(api);
    await assertEnvironments(tx, [input.environment]);
    const revision = await tx.apiRevision.findFirst({ where: { id: input.revisionId, apiId: api.id } });
    if (!revision) throw new DuplexError("NOT_FOUND", "No such revision of this API.");
    const done = await deployTo(tx, actor, api.id, revision, input.environment);
    if (!done) throw new DuplexError("CONFLICT", `Revision ${revision.number} is already deployed to ${input.environment}.`);
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: api.id,
      action: done.action === "Roll back" ? "roll-back" : "deploy",
      before: { deployments: [{ environment: input.environment, revision: done.fromRevision }] },
      after: { deployments: [{ environment: input.environment, revision: revision.number }] },
    });
    await notifyConfigChanged(tx, "deployment");
    return revision;
  });
}

/** Stops serving the API in one environment; its revisions stay. */
export async function undeployApi(actor: Actor, raw: z.input<typeof ZUndeploy>) {
  assertRole(actor, "PUBLISHER");
  const input = ZUndeploy.parse(raw);
  return db.$transaction(async (tx) => {
    const api = await lockApi(tx, input.apiId);
    const current = await tx.apiDeployment.findUnique({ where: { apiId_environment: { apiId: api.id, environment: input.environment } }, include: { revision: true } });
    if (!current) throw new DuplexError("CONFLICT", `${api.name} is not deployed to ${input.environment}.`);
    await tx.apiDeployment.delete({ where: { apiId_environment: { apiId: api.id, environment: input.environment } } });
    await tx.deploymentEvent.create({
      data: { apiId: api.id, environment: input.environment, action: "Undeploy", revisionNumber: current.revision.number, userId: actor.id },
    });
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: api.id,
      action: "undeploy",
      before: { deployments: [{ environment: input.environment, revision: current.revision.number }] },
      after: { deployments: [] },
    });
    await notifyConfigChanged(tx, "deployment");
    return current.revision;
  });
}

/**
 * What WSO2's Publish does for an API never deployed: deploy the working copy to the default
 * environment, so a published API answers at once. Called by Publish and Deploy as a Prototype
 * inside their transaction; an API deployed anywhere is left as it is.
 */
export async function deployOnFirstPublish(tx: Tx, actor: Actor, apiId: string) {
  if ((await tx.apiDeployment.count({ where: { apiId } })) > 0) return null;
  await lockApi(tx, apiId);
  const revision = await revisionOfWorkingCopy(tx, actor, apiId, "Deployed on publishing").catch((e: unknown) => {
    if (e instanceof DuplexError && e.code === "CONFLICT") {
      throw new DuplexError("CONFLICT", `Publishing deploys the API to ${defaultEnvironment}, but it has ${maxRevisions} revisions: delete one on the Deployments tab first.`);
    }
    throw e;
  });
  await deployTo(tx, actor, apiId, revision, defaultEnvironment);
  await notifyConfigChanged(tx, "deployment");
  return revision;
}

export interface EnvironmentState {
  environment: Environment;
  displayName: string;
  description: string;
  internal: boolean;
  /** Where clients reach the environment's gateways (lib/gateway-urls.ts gatewayUrls makes the API's URLs of it). */
  urls: EnvironmentUrls;
  /** False for an Internal API on an external environment: its gateways answer 404 even when it is deployed there. */
  servesApi: boolean;
  deployment: { revisionId: string; revisionNumber: number; deployedAt: Date; deployedBy: string; upToDate: boolean } | null;
}

/** What the Deployments tab shows: each environment's live revision and the revisions (the history is paged: lib/history.ts). */
export async function getDeployments(actor: Actor, apiId: string) {
  assertRole(actor, "CREATOR", "PUBLISHER");
  // One read of a consistent moment; one query at a time on the transaction's connection.
  const { api, working } = await db.$transaction(async (tx) => {
    const found = await tx.api.findUnique({ where: { id: apiId }, select: { id: true, status: true, accessMode: true } });
    if (!found) throw new DuplexError("NOT_FOUND", "No such API.");
    const environments = await listEnvironments(tx);
    const revisions = await tx.apiRevision.findMany({ where: { apiId }, orderBy: { number: "desc" }, include: { createdBy: { select: { username: true } } } });
    const deployments = await tx.apiDeployment.findMany({ where: { apiId }, include: liveRevision });
    return { api: { ...found, revisions, deployments, environments }, working: await workingCopy(tx, apiId) };
  });
  const matches = new Map(api.revisions.map((r) => [r.id, sameConfig(r.config, working)]));
  const environmentStates = environmentStatesOf(api.environments, api, api.deployments, working);
  return {
    status: api.status,
    environments: environmentStates,
    revisions: api.revisions.map((r) => ({
      id: r.id,
      number: r.number,
      description: r.description,
      createdAt: r.createdAt,
      createdBy: r.createdBy.username,
      config: canonicalConfig(r.config),
      deployedTo: api.deployments.filter((d) => d.revisionId === r.id).map((d) => d.environment),
      matchesWorkingCopy: matches.get(r.id) ?? false,
    })),
    undeployedChanges: undeployedIn(environmentStates),
    maxRevisions,
    canDeploy: hasRole(actor, "PUBLISHER"),
    canRestore: hasRole(actor, "CREATOR"),
  };
}

const liveRevision = { deployedBy: { select: { username: true } }, revision: { select: { number: true, config: true } } } as const;

/** Each environment's live revision, and whether it is the working copy. */
function environmentStatesOf(
  environments: EnvironmentView[],
  api: { accessMode: ApiAccessMode },
  deployments: { environment: Environment; revisionId: string; deployedAt: Date; deployedBy: { username: string }; revision: { number: number; config: unknown } }[],
  working: RevisionConfig,
): EnvironmentState[] {
  return environments.map((e) => {
    const d = deployments.find((x) => x.environment === e.name);
    return {
      environment: e.name,
      displayName: e.displayName,
      description: e.description,
      internal: e.internal,
      urls: { ws: e.ws, wss: e.wss },
      servesApi: servesApi(e, api),
      deployment: d
        ? { revisionId: d.revisionId, revisionNumber: d.revision.number, deployedAt: d.deployedAt, deployedBy: d.deployedBy.username, upToDate: sameConfig(d.revision.config, working) }
        : null,
    };
  });
}

/** The environments whose live revision differs from the working copy. */
function undeployedIn(states: EnvironmentState[]): Environment[] {
  return states.flatMap((s) => (s.deployment && !s.deployment.upToDate ? [s.environment] : []));
}

/** For the API's header and Overview: where it is deployed, and where the working copy is ahead of the live revision. */
export async function deploymentSummary(apiId: string) {
  const { api, environments, deployments, working } = await db.$transaction(async (tx) => ({
    api: await tx.api.findUniqueOrThrow({ where: { id: apiId }, select: { accessMode: true } }),
    environments: await listEnvironments(tx),
    deployments: await tx.apiDeployment.findMany({ where: { apiId }, include: liveRevision }),
    working: await workingCopy(tx, apiId),
  }));
  const states = environmentStatesOf(environments, api, deployments, working);
  return { environments: states, undeployedChanges: undeployedIn(states) };
}
