// Admin → Deny policies (WSO2's blocking conditions): refuse, platform-wide, an API context, an
// application, a user, or a client address or range. Enabled or disabled without deleting;
// every change audited and told to the gateways ("deny-policy"), which compile the enabled
// ones with lib/deny-policy-matcher.ts.
import { z } from "zod";
import type { DenyPolicyType } from "../generated/prisma/enums";
import { ZApiContext } from "./apis";
import { recordAudit } from "./audit";
import { db, type Tx } from "./db";
import { withoutTrailingSlash, type DenyPolicyRule } from "./deny-policy-matcher";
import { DuplexError, isUniqueViolation } from "./errors";
import { gatewayPath } from "./gateway-urls";
import { parseIpRange } from "./ip-ranges";
import { notifyConfigChanged } from "./notify";
import { assertRole, type Actor } from "./roles";

export const denyPolicyTypes = ["API_CONTEXT", "APPLICATION", "USER", "IP_RANGE"] as const satisfies readonly DenyPolicyType[];

export const ZCreateDenyPolicy = z.object({
  type: z.enum(denyPolicyTypes, { message: "Choose API context, application, user or IP address." }),
  /**
   * API_CONTEXT: a context or the path an API is served at ("/echo", "/echo/1.0");
   * APPLICATION: "owner/application name" or the application's id; USER: a username;
   * IP_RANGE: "192.0.2.7", "192.0.2.0/24", "2001:db8::/32".
   */
  value: z.string().trim().min(1, "Enter what to block.").max(200, "At most 200 characters."),
  description: z.string().trim().max(300, "At most 300 characters.").default(""),
  enabled: z.boolean().default(true),
});
export type CreateDenyPolicyInput = z.input<typeof ZCreateDenyPolicy>;

/** The value as stored, checked against what it names; field-level refusals on "value". */
async function storedValue(tx: Tx, type: DenyPolicyType, value: string): Promise<string> {
  const refuse = (message: string): never => {
    throw new DuplexError("INVALID", message, "value");
  };
  switch (type) {
    case "IP_RANGE": {
      const parsed = parseIpRange(value);
      return parsed.ok ? parsed.range.text : refuse(parsed.message);
    }
    case "API_CONTEXT": {
      // A gateway path can hold a version where a context has {version}: check the shape of a context without it.
      const path = withoutTrailingSlash(value);
      const shape = ZApiContext.safeParse(path.replace("{version}", "v"));
      if (!shape.success) refuse(shape.error.issues[0].message.replace(/^Context/, "An API context"));
      // The API with this context, or one whose version is a segment of the path and whose gateway path it is.
      const apis = await tx.api.findMany({ where: { OR: [{ context: path }, { version: { in: path.split("/").filter(Boolean) } }] }, select: { context: true, version: true } });
      if (!apis.some((a) => a.context === path || gatewayPath(a) === path)) refuse(`No API has the context or gateway path ${path}.`);
      return path;
    }
    case "APPLICATION": {
      const slash = value.indexOf("/");
      const app =
        slash === -1
          ? await tx.application.findUnique({ where: { id: value }, select: { id: true } })
          : await tx.application.findFirst({ where: { name: value.slice(slash + 1).trim(), owner: { username: value.slice(0, slash).trim() } }, select: { id: true } });
      return app ? app.id : refuse(`No application ${value}: write it as owner/application name, such as alice/DefaultApplication.`);
    }
    case "USER": {
      const user = await tx.user.findUnique({ where: { username: value }, select: { id: true } });
      return user ? user.id : refuse(`No user named ${value}.`);
    }
  }
}

/** What a policy blocks, in words a list shows: the application as owner/name, the user by name. */
async function labels(rows: { type: DenyPolicyType; value: string }[]): Promise<Map<string, string>> {
  const appIds = rows.filter((r) => r.type === "APPLICATION").map((r) => r.value);
  const userIds = rows.filter((r) => r.type === "USER").map((r) => r.value);
  const [apps, users] = await Promise.all([
    appIds.length ? db.application.findMany({ where: { id: { in: appIds } }, select: { id: true, name: true, owner: { select: { username: true } } } }) : [],
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, username: true } }) : [],
  ]);
  const out = new Map<string, string>();
  for (const a of apps) out.set(`APPLICATION ${a.id}`, `${a.owner.username}/${a.name}`);
  for (const u of users) out.set(`USER ${u.id}`, u.username);
  return out;
}

function labelOf(names: Map<string, string>, row: { type: DenyPolicyType; value: string }): string {
  if (row.type === "APPLICATION") return names.get(`APPLICATION ${row.value}`) ?? "(deleted application)";
  if (row.type === "USER") return names.get(`USER ${row.value}`) ?? "(deleted user)";
  return row.value;
}

export async function listDenyPolicies(actor: Actor, filter: { type?: DenyPolicyType; enabled?: boolean } = {}) {
  assertRole(actor, "ADMIN");
  const rows = await db.denyPolicy.findMany({
    where: { ...(filter.type ? { type: filter.type } : {}), ...(filter.enabled === undefined ? {} : { enabled: filter.enabled }) },
    orderBy: [{ type: "asc" }, { createdAt: "asc" }],
  });
  const names = await labels(rows);
  return rows.map((r) => ({ ...r, label: labelOf(names, r) }));
}

/** What a gateway compiles into its matcher: the enabled policies. */
export function enabledDenyPolicies(tx: Tx = db): Promise<DenyPolicyRule[]> {
  return tx.denyPolicy.findMany({ where: { enabled: true }, select: { id: true, type: true, value: true } });
}

async function audited(row: { type: DenyPolicyType; value: string; description: string; enabled: boolean }) {
  return { type: row.type, value: row.value, label: labelOf(await labels([row]), row), description: row.description, enabled: row.enabled };
}

export async function createDenyPolicy(actor: Actor, raw: CreateDenyPolicyInput) {
  assertRole(actor, "ADMIN");
  const input = ZCreateDenyPolicy.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      const value = await storedValue(tx, input.type, input.value);
      const policy = await tx.denyPolicy.create({ data: { type: input.type, value, description: input.description, enabled: input.enabled } });
      await recordAudit(tx, actor, { entity: "deny-policy", entityId: policy.id, action: "create", after: await audited(policy) });
      await notifyConfigChanged(tx, "deny-policy");
      return policy;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplexError("CONFLICT", `A deny policy for ${input.value} exists: enable it, if it is disabled.`, "value");
    throw e;
  }
}

async function lockedPolicy(tx: Tx, policyId: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "DenyPolicy" WHERE id = ${policyId} FOR UPDATE`;
  if (!locked) throw new DuplexError("NOT_FOUND", "No such deny policy.");
  return tx.denyPolicy.findUniqueOrThrow({ where: { id: policyId } });
}

export const ZUpdateDenyPolicy = z.object({
  enabled: z.boolean().optional(),
  description: z.string().trim().max(300, "At most 300 characters.").optional(),
});

/** Enables, disables or re-describes a policy; what it blocks stays (delete it and make another). */
export async function updateDenyPolicy(actor: Actor, policyId: string, raw: z.input<typeof ZUpdateDenyPolicy>) {
  assertRole(actor, "ADMIN");
  const input = ZUpdateDenyPolicy.parse(raw);
  return db.$transaction(async (tx) => {
    const before = await lockedPolicy(tx, policyId);
    const policy = await tx.denyPolicy.update({ where: { id: policyId }, data: input });
    const action = input.enabled !== undefined && input.enabled !== before.enabled ? (input.enabled ? "enable" : "disable") : "update";
    await recordAudit(tx, actor, { entity: "deny-policy", entityId: policyId, action, before: await audited(before), after: await audited(policy) });
    if (before.enabled !== policy.enabled) await notifyConfigChanged(tx, "deny-policy");
    return policy;
  });
}

export async function deleteDenyPolicy(actor: Actor, policyId: string) {
  assertRole(actor, "ADMIN");
  return db.$transaction(async (tx) => {
    const policy = await lockedPolicy(tx, policyId);
    await tx.denyPolicy.delete({ where: { id: policyId } });
    await recordAudit(tx, actor, { entity: "deny-policy", entityId: policyId, action: "delete", before: await audited(policy) });
    if (policy.enabled) await notifyConfigChanged(tx, "deny-policy");
    return policy;
  });
}
