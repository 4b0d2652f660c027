// The API lifecycle, as WSO2 API Manager has it.
import type { ApiStatus } from "../generated/prisma/enums";
import { db, type Tx } from "./db";
import { recordAudit } from "./audit";
import { deployOnFirstPublish } from "./deployments";
import { DuplexError } from "./errors";
import { notifyConfigChanged } from "./notify";
import { assertRole, type Actor } from "./roles";

export type LifecycleAction =
  | "Publish"
  | "Deploy as a Prototype"
  | "Demote to Created"
  | "Block"
  | "Re-Publish"
  | "Deprecate"
  | "Retire";

export const transitions: Record<ApiStatus, Partial<Record<LifecycleAction, ApiStatus>>> = {
  CREATED: { Publish: "PUBLISHED", "Deploy as a Prototype": "PROTOTYPED" },
  PROTOTYPED: { Publish: "PUBLISHED", "Demote to Created": "CREATED" },
  PUBLISHED: { Block: "BLOCKED", Deprecate: "DEPRECATED", "Demote to Created": "CREATED", "Deploy as a Prototype": "PROTOTYPED" },
  BLOCKED: { "Re-Publish": "PUBLISHED", Deprecate: "DEPRECATED" },
  DEPRECATED: { Retire: "RETIRED" },
  RETIRED: {},
};

export function allowedActions(status: ApiStatus): LifecycleAction[] {
  return Object.keys(transitions[status]) as LifecycleAction[];
}

export interface PublishRequirement {
  label: string;
  met: boolean;
}

/** What Publish needs, each checked: shown on the Lifecycle page and enforced here. */
export function publishRequirements(api: { endpoints: unknown[]; plans: unknown[] }): PublishRequirement[] {
  return [
    { label: "An endpoint is set", met: api.endpoints.length > 0 },
    { label: "At least one business plan is chosen", met: api.plans.length > 0 },
  ];
}

/** Moves an API along one transition inside the caller's transaction and records it. */
export async function applyTransition(tx: Tx, actor: Actor, api: { id: string; status: ApiStatus }, action: LifecycleAction) {
  assertRole(actor, "PUBLISHER");
  const to = transitions[api.status][action];
  if (!to) throw new DuplexError("CONFLICT", `${action} is not possible from ${api.status.toLowerCase()}.`);
  if (to === "PUBLISHED" || to === "PROTOTYPED") {
    const full = await tx.api.findUniqueOrThrow({ where: { id: api.id }, include: { endpoints: true, plans: true } });
    const unmet = publishRequirements(full).filter((r) => !r.met && (to === "PUBLISHED" || r.label.startsWith("An endpoint")));
    if (unmet.length) throw new DuplexError("INVALID", `Cannot ${action.toLowerCase()}: ${unmet.map((r) => r.label.toLowerCase()).join("; ")} is missing.`);
  }
  await tx.api.update({ where: { id: api.id }, data: { status: to } });
  await tx.lifecycleEvent.create({ data: { apiId: api.id, fromStatus: api.status, toStatus: to, action, userId: actor.id } });
  // As WSO2's Publish does: an API never deployed goes to the default environment, so it answers.
  if (to === "PUBLISHED" || to === "PROTOTYPED") await deployOnFirstPublish(tx, actor, api.id);
  await notifyConfigChanged(tx, "api");
  return to;
}

/** "Deploy as a Prototype" → "deploy-as-a-prototype": the audit log's action for a transition. */
export function lifecycleAuditAction(action: LifecycleAction): string {
  return action.toLowerCase().replace(/ /g, "-");
}

export async function changeLifecycle(actor: Actor, apiId: string, action: LifecycleAction) {
  assertRole(actor, "PUBLISHER");
  return db.$transaction(async (tx) => {
    // Lock the row: two clicks at once must not both apply.
    const [api] = await tx.$queryRaw<{ id: string; status: ApiStatus }[]>`SELECT id, status FROM "Api" WHERE id = ${apiId} FOR UPDATE`;
    if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
    const deployedBefore = await tx.apiDeployment.count({ where: { apiId } });
    const to = await applyTransition(tx, actor, api, action);
    const deployed = deployedBefore === 0 ? await tx.apiDeployment.findFirst({ where: { apiId }, include: { revision: { select: { number: true } } } }) : null;
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: apiId,
      action: lifecycleAuditAction(action),
      before: { status: api.status },
      after: { status: to, ...(deployed ? { deployed: { environment: deployed.environment, revision: deployed.revision.number } } : {}) },
    });
    return to;
  });
}
