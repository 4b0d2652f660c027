// What the gateways recorded for an API (UsageCounter, per application and minute), summed
// for the Publisher's Usage page: totals, a timeline and the applications that used it.
import { z } from "zod";
import { db } from "./db";
import { DuplexError } from "./errors";
import { assertRole, type Actor } from "./roles";
import { noUsage, usageCounters, type UsageTotals } from "./usage";

export type { UsageTotals };

/** The windows the page offers, each with the width of its timeline's buckets. */
export const usageWindows = {
  "1h": { label: "Last hour", ms: 60 * 60_000, bucketMs: 60_000 },
  "24h": { label: "Last 24 hours", ms: 24 * 60 * 60_000, bucketMs: 60 * 60_000 },
  "7d": { label: "Last 7 days", ms: 7 * 24 * 60 * 60_000, bucketMs: 6 * 60 * 60_000 },
} as const;
export const ZUsageWindow = z.enum(Object.keys(usageWindows) as [keyof typeof usageWindows, ...(keyof typeof usageWindows)[]]).catch("24h");
export type UsageWindow = z.output<typeof ZUsageWindow>;

export interface ApiUsageReport {
  window: UsageWindow;
  totals: UsageTotals;
  /** One point per bucket, oldest first, empty buckets included so the line is honest. */
  timeline: ({ at: Date } & UsageTotals)[];
  applications: ({ id: string; name: string; owner: string } & UsageTotals)[];
}

type Row = { [K in keyof UsageTotals]: bigint | number | null };
// Sums come back as bigint or numeric; counts this size fit a double exactly.
const totalsOf = (row: Row): UsageTotals => {
  const totals = noUsage();
  for (const k of usageCounters) totals[k] = Number(row[k] ?? 0);
  return totals;
};

export async function apiUsage(actor: Actor, apiId: string, window: UsageWindow, now = new Date()): Promise<ApiUsageReport> {
  assertRole(actor, "CREATOR", "PUBLISHER");
  const api = await db.api.findUnique({ where: { id: apiId }, select: { id: true } });
  if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
  const { ms, bucketMs } = usageWindows[window];
  // Buckets aligned to their width, so a refresh a minute later moves the line, not its points.
  const end = Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs;
  const start = end - Math.ceil(ms / bucketMs) * bucketMs;
  const where = { apiId, minute: { gte: new Date(start), lt: new Date(end) } };
  const sums = Object.fromEntries(usageCounters.map((k) => [k, true])) as { [K in (typeof usageCounters)[number]]: true };

  const [perApplication, perBucket] = await Promise.all([
    db.usageCounter.groupBy({ by: ["applicationId"], where, _sum: sums }),
    db.$queryRaw<({ bucket: Date } & Row)[]>`
      SELECT to_timestamp(floor(extract(epoch FROM "minute") * 1000 / ${bucketMs}) * ${bucketMs} / 1000) AS bucket,
             sum("connections") AS connections, sum("messagesIn") AS "messagesIn", sum("messagesOut") AS "messagesOut",
             sum("bytesIn") AS "bytesIn", sum("bytesOut") AS "bytesOut", sum("throttled") AS throttled, sum("errors") AS errors
      FROM "UsageCounter"
      WHERE "apiId" = ${apiId} AND "minute" >= ${new Date(start)} AND "minute" < ${new Date(end)}
      GROUP BY 1`,
  ]);

  const byBucket = new Map(perBucket.map((b) => [b.bucket.getTime(), totalsOf(b)]));
  const timeline = [];
  for (let at = start; at < end; at += bucketMs) timeline.push({ at: new Date(at), ...(byBucket.get(at) ?? noUsage()) });

  const apps = await db.application.findMany({
    where: { id: { in: perApplication.map((p) => p.applicationId) } },
    select: { id: true, name: true, owner: { select: { username: true } } },
  });
  const applications = perApplication
    .map((p) => {
      const app = apps.find((a) => a.id === p.applicationId);
      return { id: p.applicationId, name: app?.name ?? "(deleted)", owner: app?.owner.username ?? "", ...totalsOf(p._sum) };
    })
    .sort((a, b) => b.messagesIn + b.messagesOut - (a.messagesIn + a.messagesOut));

  // Every row belongs to an application: the window's totals are the applications' sums.
  const totals = noUsage();
  for (const a of applications) for (const k of usageCounters) totals[k] += a[k];
  return { window, totals, timeline, applications };
}
