// The audit log: who changed what, when, from where, with the values before and after.
// Every change function in lib/ writes its one row with recordAudit inside its own
// transaction, so a change that fails leaves no row and none commits without one.
import { createHash } from "node:crypto";
import { z } from "zod";
import { Prisma } from "../generated/prisma/client";
import { db, type Tx } from "./db";
import { assertRole, type Actor } from "./roles";

/** What an audit row can be about; the Audit log page filters by these. */
export const auditEntities = [
  "api",
  "plan",
  "subscription",
  "application",
  "keys",
  "api-key",
  "token",
  "user",
  "deny-policy",
  "environment",
  "signing-key",
] as const;
export type AuditEntity = (typeof auditEntities)[number];

/** Who made a change: a signed-in user (with the address they came from), or the platform itself. */
export interface AuditActor {
  id: string | null;
  username: string;
  ip?: string;
}

/** Changes nobody asked for: a signing key made on first use. */
export const systemActor: AuditActor = { id: null, username: "system" };

export interface AuditChange {
  entity: AuditEntity;
  entityId: string;
  /** A verb in the product's words, lower-case with hyphens: "create", "save-topics", "approve". */
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Writes the change's audit row inside the caller's transaction. */
export async function recordAudit(tx: Tx, actor: AuditActor | Actor, change: AuditChange): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: actor.id,
      actorUsername: actor.username,
      ip: actor.ip ?? null,
      entity: change.entity,
      entityId: change.entityId,
      action: change.action,
      before: jsonOrNull(change.before),
      after: jsonOrNull(change.after),
    },
  });
}

const redactedMark = "[redacted]";

// Keys whose values are secrets, wherever they sit in a value: a password, a consumer secret or
// its hash, a token, a private key. Matched whole, so `tokenValiditySeconds` stays readable.
const secretKeys = new Set(
  [
    "password",
    "passwordHash",
    "currentPassword",
    "newPassword",
    "confirmPassword",
    "temporaryPassword",
    "secret",
    "secretHash",
    "consumerSecret",
    "clientSecret",
    "accessToken",
    "refreshToken",
    "token",
    "privateJwk",
    "privateKey",
  ].map((k) => k.toLowerCase()),
);

/** Values longer than this are kept as their length and SHA-256 (an AsyncAPI document can be a megabyte). */
const maxStringLength = 4000;

/**
 * A value as the audit log keeps it: secrets replaced by "[redacted]", extra headers sent to a
 * backend kept by name only (they carry backend credentials), dates as ISO strings, BigInts as
 * strings, long texts as their length and hash.
 */
export function redact(value: unknown, key?: string): unknown {
  if (key && secretKeys.has(key.toLowerCase())) return value === null || value === undefined ? value : redactedMark;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" && value.length > maxStringLength) {
    return { omitted: "long text", length: value.length, sha256: createHash("sha256").update(value).digest("hex") };
  }
  if (Array.isArray(value)) {
    if (key === "headers") return value.map((h) => (h && typeof h === "object" && "name" in h ? { name: (h as { name: unknown }).name, value: redactedMark } : redactedMark));
    return value.map((v) => redact(v));
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

// SQL NULL for "no value" (a plain null would be stored as the JSON value null).
function jsonOrNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === undefined || value === null) return Prisma.DbNull;
  return redact(value) as Prisma.InputJsonValue;
}

export const ZAuditQuery = z.object({
  page: z.coerce.number().int().min(0).default(0),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** A username, exactly; "system" for the platform's own changes. */
  actor: z.string().trim().max(100).optional(),
  entity: z.enum(auditEntities).optional(),
  entityId: z.string().trim().max(100).optional(),
  action: z.string().trim().max(60).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type AuditQuery = z.input<typeof ZAuditQuery>;

/** Admin → Audit log: one page of rows, newest first, and how many match in all. */
export async function listAuditEvents(actor: Actor, raw: AuditQuery = {}) {
  assertRole(actor, "ADMIN");
  const q = ZAuditQuery.parse(raw);
  const where: Prisma.AuditEventWhereInput = {
    ...(q.actor ? { actorUsername: q.actor } : {}),
    ...(q.entity ? { entity: q.entity } : {}),
    ...(q.entityId ? { entityId: q.entityId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
  };
  const [rows, total] = await db.$transaction([
    db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: q.page * q.pageSize, take: q.pageSize }),
    db.auditEvent.count({ where }),
  ]);
  return { rows, total, page: q.page, pageSize: q.pageSize };
}

/** The actions the log holds, for the Audit log page's filter. */
export async function listAuditActions(actor: Actor): Promise<string[]> {
  assertRole(actor, "ADMIN");
  const rows = await db.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
