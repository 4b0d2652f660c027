// The soak, short (`npm run soak` is the long one): connections through a gateway process to
// the echo backend, sequence-numbered messages the whole time, every one of which must come
// back once, in order, unchanged; with one process, and with two workers behind TLS.
import { describe, expect, it } from "vitest";
import { runSoak } from "./soak";

const clean = { lost: 0, duplicated: 0, reordered: 0, corrupted: 0 };

describe("the soak, for 20 seconds", () => {
  it("relays every message of 300 connections once, in order and unchanged, and holds every connection", { timeout: 90_000 }, async () => {
    const report = await runSoak({ connections: 300, seconds: 20, intervalMs: 250, workers: 1, tls: false, databaseUrl: process.env.DATABASE_URL });
    expect(report).toMatchObject({ ...clean, connections: 300, held: 300 });
    expect(report.relayed).toBe(report.sent);
    // 300 connections × 4 a second × 20 s, give or take the first and last interval.
    expect(report.sent).toBeGreaterThan(300 * 4 * 19);
  });

  it("does the same over wss with GATEWAY_WORKERS=2, for 10 seconds", { timeout: 90_000 }, async () => {
    const report = await runSoak({ connections: 200, seconds: 10, intervalMs: 250, workers: 2, tls: true, databaseUrl: process.env.DATABASE_URL });
    expect(report).toMatchObject({ ...clean, connections: 200, held: 200 });
    expect(report.relayed).toBe(report.sent);
  });
});
