// Traffic per API, application and minute, as the gateway records it: added to UsageCounter
// in batches, one statement per batch, never a write per message.
import { db } from "./db";

/** What the gateways count of a connection's traffic, for any span of it. */
export interface UsageTotals {
  connections: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  throttled: number;
  errors: number;
}

export interface UsageDelta extends UsageTotals {
  apiId: string;
  applicationId: string;
  /** The start of the minute, in ms since the epoch. */
  minute: number;
}

export const noUsage = (): UsageTotals => ({ connections: 0, messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, throttled: 0, errors: 0 });

/** The counters of UsageTotals, in the order of UsageCounter's columns. */
export const usageCounters = ["connections", "messagesIn", "messagesOut", "bytesIn", "bytesOut", "throttled", "errors"] as const satisfies readonly (keyof UsageTotals)[];
const counters = usageCounters;

/**
 * Adds the deltas to their rows, creating rows that do not exist yet. Rows whose API or
 * application has been deleted meanwhile are skipped rather than failing the batch.
 */
export async function addUsage(deltas: UsageDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const column = (name: (typeof counters)[number]) => deltas.map((d) => String(d[name]));
  await db.$executeRawUnsafe(
    `INSERT INTO "UsageCounter" ("apiId", "applicationId", "minute", ${counters.map((c) => `"${c}"`).join(", ")})
     SELECT u.* FROM unnest($1::text[], $2::text[], $3::timestamp(3)[], $4::int[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::int[], $10::int[])
       AS u("apiId", "applicationId", "minute", ${counters.map((c) => `"${c}"`).join(", ")})
     JOIN "Api" a ON a.id = u."apiId" JOIN "Application" app ON app.id = u."applicationId"
     ON CONFLICT ("apiId", "applicationId", "minute") DO UPDATE SET
       ${counters.map((c) => `"${c}" = "UsageCounter"."${c}" + EXCLUDED."${c}"`).join(",\n       ")}`,
    deltas.map((d) => d.apiId),
    deltas.map((d) => d.applicationId),
    deltas.map((d) => new Date(d.minute).toISOString()),
    ...counters.map(column),
  );
}
