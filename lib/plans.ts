// Business plans (WSO2's subscription throttling policies): what they allow, in words, and
// Admin → Business plans: create, edit, delete. Each change is audited and reaches the
// gateways (the "plan" notification) in its transaction, open connections included.
import { z } from "zod";
import type { DataUnit, ThrottleAction, TimeUnit } from "../generated/prisma/enums";
import { recordAudit } from "./audit";
import { db } from "./db";
import { DuplexError, isUniqueViolation } from "./errors";
import { notifyConfigChanged } from "./notify";
import { assertRole, type Actor } from "./roles";

export function listPlans() {
  return db.businessPlan.findMany({ orderBy: [{ eventCount: { sort: "desc", nulls: "first" } }, { name: "asc" }] });
}

export async function getPlan(actor: Actor, planId: string) {
  assertRole(actor, "ADMIN");
  const plan = await db.businessPlan.findUnique({ where: { id: planId }, include: { _count: { select: { apis: true, subscriptions: true } } } });
  if (!plan) throw new DuplexError("NOT_FOUND", "No such business plan.");
  return plan;
}

export const timeUnits = ["SECOND", "MINUTE", "HOUR", "DAY"] as const satisfies readonly TimeUnit[];
/** Burst control counts inside the plan's window, per second or per minute (as WSO2 4.3+). */
export const burstTimeUnits = ["SECOND", "MINUTE"] as const satisfies readonly TimeUnit[];
export const dataUnits = ["KB", "MB", "GB"] as const satisfies readonly DataUnit[];
export const throttleActions = ["DROP", "CLOSE"] as const satisfies readonly ThrottleAction[];

const timeUnitMs: Record<TimeUnit, number> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };
const dataUnitBytes: Record<DataUnit, number> = { KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** A form's empty field is "no limit". */
const emptyAsNull = (v: unknown) => (v === "" || v === undefined ? null : v);
const limit = (what: string) =>
  z.preprocess(
    emptyAsNull,
    z.coerce.number({ message: `${what} is a whole number.` }).int(`${what} is a whole number.`).min(1, `${what} is at least 1.`).max(2_000_000_000, `${what} is at most 2,000,000,000.`).nullable(),
  );
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.preprocess(emptyAsNull, z.enum(values, { message }).nullable());

const planFields = {
  // Null (as stored when there is none) reads as empty, so a row can go back through the form.
  displayName: z.string().trim().max(60, "At most 60 characters.").nullish().transform((v) => v ?? ""),
  description: z.string().trim().max(500, "At most 500 characters.").default(""),
  eventCount: limit("The event count").default(null),
  timeUnit: z.enum(timeUnits, { message: "Choose second, minute, hour or day." }).default("MINUTE"),
  burstLimit: limit("The burst limit").default(null),
  burstTimeUnit: optionalEnum(burstTimeUnits, "Choose second or minute.").default(null),
  bandwidthAmount: limit("The bandwidth").default(null),
  bandwidthDataUnit: optionalEnum(dataUnits, "Choose KB, MB or GB.").default(null),
  bandwidthTimeUnit: optionalEnum(timeUnits, "Choose second, minute, hour or day.").default(null),
  maxConnections: limit("The connection limit").default(null),
  /** Null: the gateway's default (GATEWAY_THROTTLE_ACTION). */
  throttleAction: optionalEnum(throttleActions, "Choose drop or close.").default(null),
  requiresApproval: z.boolean().default(false),
};

export const ZPlanName = z
  .string()
  .trim()
  .min(1, "Name is required.")
  .max(40, "At most 40 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "Letters, digits, '_' and '-', starting with a letter or digit.");

type PlanFields = z.output<z.ZodObject<typeof planFields>>;

/** Rules between fields, each on the field a form shows it under. */
function checkPlan(plan: PlanFields, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if ((plan.burstLimit === null) !== (plan.burstTimeUnit === null)) {
    issue(plan.burstLimit === null ? "burstLimit" : "burstTimeUnit", "Burst control needs both a limit and its unit.");
  } else if (plan.burstLimit !== null && plan.burstTimeUnit !== null && plan.eventCount !== null) {
    if (timeUnitMs[plan.burstTimeUnit] >= timeUnitMs[plan.timeUnit]) {
      issue("burstTimeUnit", `Burst control acts inside the plan's window: choose a unit shorter than a ${plan.timeUnit.toLowerCase()}.`);
    } else if (plan.burstLimit >= plan.eventCount) {
      issue("burstLimit", `The burst limit must be below the plan's ${plan.eventCount.toLocaleString("en-US")} events, or it never applies.`);
    }
  }
  const bandwidth = [plan.bandwidthAmount, plan.bandwidthDataUnit, plan.bandwidthTimeUnit];
  if (bandwidth.some((v) => v !== null) && bandwidth.some((v) => v === null)) {
    const missing = (["bandwidthAmount", "bandwidthDataUnit", "bandwidthTimeUnit"] as const).find((k) => plan[k] === null)!;
    issue(missing, "A bandwidth limit needs an amount, a data unit and a time unit.");
  }
}

export const ZCreatePlan = z.object({ name: ZPlanName, ...planFields }).superRefine(checkPlan);
export type CreatePlanInput = z.input<typeof ZCreatePlan>;
/** Everything but the name, which stays as created. */
export const ZUpdatePlan = z.object(planFields).superRefine(checkPlan);
export type UpdatePlanInput = z.input<typeof ZUpdatePlan>;

function planData<T extends PlanFields>(input: T) {
  return { ...input, displayName: input.displayName || null };
}

type PlanRow = Awaited<ReturnType<typeof db.businessPlan.findUniqueOrThrow>>;
/** The plan as its audit rows show it. */
function auditedPlan(plan: PlanRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = plan;
  return fields;
}

export async function createPlan(actor: Actor, raw: CreatePlanInput) {
  assertRole(actor, "ADMIN");
  const input = ZCreatePlan.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      const plan = await tx.businessPlan.create({ data: planData(input) });
      await recordAudit(tx, actor, { entity: "plan", entityId: plan.id, action: "create", after: auditedPlan(plan) });
      await notifyConfigChanged(tx, "plan");
      return plan;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplexError("CONFLICT", `A business plan named ${input.name} exists.`, "name");
    throw e;
  }
}

/** Changes a plan's limits: the gateways apply them within a second, to open connections too. */
export async function updatePlan(actor: Actor, planId: string, raw: UpdatePlanInput) {
  assertRole(actor, "ADMIN");
  const input = ZUpdatePlan.parse(raw);
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "BusinessPlan" WHERE id = ${planId} FOR UPDATE`;
    if (!locked) throw new DuplexError("NOT_FOUND", "No such business plan.");
    const before = await tx.businessPlan.findUniqueOrThrow({ where: { id: planId } });
    const plan = await tx.businessPlan.update({ where: { id: planId }, data: planData(input) });
    await recordAudit(tx, actor, { entity: "plan", entityId: plan.id, action: "update", before: auditedPlan(before), after: auditedPlan(plan) });
    await notifyConfigChanged(tx, "plan");
    return plan;
  });
}

const andList = (parts: string[]) => {
  const p = parts.filter(Boolean);
  return p.length > 1 ? `${p.slice(0, -1).join(", ")} and ${p.at(-1)}` : p[0];
};
const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Deletes a plan no API offers and no subscription (nor a request waiting for approval) uses. */
export async function deletePlan(actor: Actor, planId: string) {
  assertRole(actor, "ADMIN");
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "BusinessPlan" WHERE id = ${planId} FOR UPDATE`;
    if (!locked) throw new DuplexError("NOT_FOUND", "No such business plan.");
    const plan = await tx.businessPlan.findUniqueOrThrow({ where: { id: planId } });
    const apis = await tx.apiPlan.count({ where: { planId } });
    const subscriptions = await tx.subscription.count({ where: { planId } });
    const requests = await tx.workflowTask.count({ where: { planId, status: "PENDING" } });
    if (apis > 0 || subscriptions > 0 || requests > 0) {
      const uses = [
        apis > 0 ? `offered by ${plural(apis, "API", "APIs")}` : "",
        subscriptions > 0 ? `used by ${plural(subscriptions, "subscription", "subscriptions")}` : "",
        requests > 0 ? `asked for by ${plural(requests, "request", "requests")} waiting for approval` : "",
      ];
      const fixes = [
        apis > 0 ? "remove it from those APIs' business plans" : "",
        subscriptions > 0 ? "move those subscriptions to another plan" : "",
        requests > 0 ? "decide those requests" : "",
      ];
      throw new DuplexError("CONFLICT", `${plan.name} is ${andList(uses)}: ${andList(fixes)} first.`);
    }
    await tx.businessPlan.delete({ where: { id: planId } });
    await recordAudit(tx, actor, { entity: "plan", entityId: planId, action: "delete", before: auditedPlan(plan) });
    await notifyConfigChanged(tx, "plan");
    return plan;
  });
}

/** The name a page shows: the display name, or the name when there is none. */
export function planLabel(plan: { name: string; displayName?: string | null }): string {
  return plan.displayName || plan.name;
}

export interface PlanLimits {
  eventCount: number | null;
  timeUnit: TimeUnit;
  burstLimit?: number | null;
  burstTimeUnit?: TimeUnit | null;
  bandwidthAmount?: number | null;
  bandwidthDataUnit?: DataUnit | null;
  bandwidthTimeUnit?: TimeUnit | null;
}

/** "5,000 events per minute", with burst control and bandwidth when the plan has them. */
export function describePlanLimit(plan: PlanLimits): string {
  const events = plan.eventCount === null ? "Unlimited events" : `${plan.eventCount.toLocaleString("en-US")} events per ${plan.timeUnit.toLowerCase()}`;
  const burst = plan.burstLimit && plan.burstTimeUnit ? `, at most ${plan.burstLimit.toLocaleString("en-US")} per ${plan.burstTimeUnit.toLowerCase()}` : "";
  const bandwidth =
    plan.bandwidthAmount && plan.bandwidthDataUnit && plan.bandwidthTimeUnit
      ? `, ${plan.bandwidthAmount.toLocaleString("en-US")} ${plan.bandwidthDataUnit} per ${plan.bandwidthTimeUnit.toLowerCase()}`
      : "";
  return events + burst + bandwidth;
}

/** The plan's bandwidth limit in bytes per its time unit, for the gateway; null when it has none. */
export function bandwidthBytes(plan: Pick<PlanLimits, "bandwidthAmount" | "bandwidthDataUnit">): number | null {
  return plan.bandwidthAmount && plan.bandwidthDataUnit ? plan.bandwidthAmount * dataUnitBytes[plan.bandwidthDataUnit] : null;
}

/** Window lengths of the time units, for the gateway's counters. */
export function timeUnitMillis(unit: TimeUnit): number {
  return timeUnitMs[unit];
}

/**
 * What the gateway does over the limit: the plan's own action, or the gateway's default
 * (GATEWAY_THROTTLE_ACTION) for a plan that does not say.
 */
export function throttleActionOf(plan: { throttleAction?: ThrottleAction | null }, gatewayDefault: "drop" | "close"): "drop" | "close" {
  return plan.throttleAction === "CLOSE" ? "close" : plan.throttleAction === "DROP" ? "drop" : gatewayDefault;
}
