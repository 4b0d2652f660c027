// Usage in memory, flushed to the database every `flushMs` (and on shutdown) in one batch.
// The relay only bumps its own counters; the recorder reads what changed since the last
// flush, so the per-message path does no bookkeeping of its own. A failed flush keeps its
// rows for the next one.
import { addUsage, noUsage, usageCounters, type UsageDelta, type UsageTotals } from "../../lib/usage";
import type { Relay, RelayEnd } from "../relay/relay";

interface Tracked {
  apiId: string;
  applicationId: string;
  reported: { messagesIn: number; messagesOut: number; bytesIn: number; bytesOut: number; throttled: number };
}

export type { UsageTotals };

const minuteOf = (ms: number) => ms - (ms % 60_000);

export class UsageRecorder {
  readonly #rows = new Map<string, UsageDelta>();
  readonly #live = new Map<Relay, Tracked>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> | undefined;
  /** Everything ended connections carried, for /metrics; live ones are added at scrape time. */
  readonly ended: UsageTotals = noUsage();

  constructor(
    flushMs: number,
    private readonly write: (deltas: UsageDelta[]) => Promise<void> = addUsage,
    private readonly onError: (e: Error) => void = () => {},
  ) {
    this.#timer = setInterval(() => void this.flush(), flushMs);
    this.#timer.unref();
  }

  #row(apiId: string, applicationId: string, minute = minuteOf(Date.now())): UsageDelta {
    const key = `${apiId} ${applicationId} ${minute}`;
    let row = this.#rows.get(key);
    if (!row) {
      row = { apiId, applicationId, minute, ...noUsage() };
      this.#rows.set(key, row);
    }
    return row;
  }

  opened(relay: Relay, apiId: string, applicationId: string): void {
    this.#live.set(relay, { apiId, applicationId, reported: { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, throttled: 0 } });
    this.#row(apiId, applicationId).connections++;
  }

  #collect(relay: Relay, tracked: Tracked): void {
    const row = this.#row(tracked.apiId, tracked.applicationId);
    const r = tracked.reported;
    row.messagesIn += relay.messagesIn - r.messagesIn;
    row.messagesOut += relay.messagesOut - r.messagesOut;
    row.bytesIn += relay.bytesIn - r.bytesIn;
    row.bytesOut += relay.bytesOut - r.bytesOut;
    row.throttled += relay.throttled - r.throttled;
    tracked.reported = { messagesIn: relay.messagesIn, messagesOut: relay.messagesOut, bytesIn: relay.bytesIn, bytesOut: relay.bytesOut, throttled: relay.throttled };
  }

  closed(relay: Relay, end: RelayEnd): void {
    const tracked = this.#live.get(relay);
    if (!tracked) return;
    this.#collect(relay, tracked);
    this.#live.delete(relay);
    if (end.error) this.#row(tracked.apiId, tracked.applicationId).errors++;
    const t = this.ended;
    t.connections++;
    t.messagesIn += end.messagesIn;
    t.messagesOut += end.messagesOut;
    t.bytesIn += end.bytesIn;
    t.bytesOut += end.bytesOut;
    t.throttled += end.throttled;
    if (end.error) t.errors++;
  }

  /** Totals since start, live connections included: what /metrics reports. */
  totals(): UsageTotals {
    const t = { ...this.ended };
    for (const relay of this.#live.keys()) {
      t.messagesIn += relay.messagesIn;
      t.messagesOut += relay.messagesOut;
      t.bytesIn += relay.bytesIn;
      t.bytesOut += relay.bytesOut;
      t.throttled += relay.throttled;
    }
    return t;
  }

  /** Writes what changed since the last flush, as one batch. */
  flush(): Promise<void> {
    this.#flushing ??= this.#flush().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #flush(): Promise<void> {
    for (const [relay, tracked] of this.#live) this.#collect(relay, tracked);
    // Any counter, bytes too: a message's later fragments may fall in the next minute.
    const batch = [...this.#rows.values()].filter((r) => usageCounters.some((k) => r[k] !== 0));
    this.#rows.clear();
    if (batch.length === 0) return;
    try {
      await this.write(batch);
    } catch (e) {
      this.onError(e as Error);
      for (const row of batch) {
        const into = this.#row(row.apiId, row.applicationId, row.minute);
        for (const k of usageCounters) into[k] += row[k];
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#flushing;
    await this.flush();
  }
}
