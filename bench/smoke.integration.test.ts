// The bench, briefly: every workload against every target (nginx when installed), each
// message checked as it comes back. It proves the bench runs, not how fast anything is.
import { describe, expect, it } from "vitest";
import { runBench } from "./run";

describe("bench smoke", () => {
  it("runs each workload against direct, nginx and the gateway, every echo back and in order", async () => {
    const lines: string[] = [];
    const report = await runBench({
      seconds: 0.5,
      warmupSeconds: 0.2,
      runs: 1,
      workloads: ["w1", "w1-16k", "w2", "w3", "w3-new-tokens", "w4"],
      targets: ["direct", "nginx", "gateway"],
      w2Connections: 50,
      w2Rate: 500,
      w4Connections: 100,
      w3Tokens: 3000,
      databaseUrl: process.env.DATABASE_URL,
      log: (line) => lines.push(line),
    });
    const measured = [...new Set(report.measurements.map((m) => m.target))];
    expect(measured).toEqual(report.notes.some((n) => n.startsWith("nginx skipped")) ? ["direct", "gateway"] : ["direct", "nginx", "gateway"]);
    const value = (workload: string, key: string) => report.measurements.filter((m) => m.workload === workload).map((m) => m.values[key]);
    for (const v of value("w1", "messagesPerSecond")) expect(v).toBeGreaterThan(0);
    for (const v of value("w1-16k", "megabytesPerSecond")) expect(v).toBeGreaterThan(0);
    for (const v of value("w2", "samples")) expect(v).toBeGreaterThan(0);
    for (const v of value("w3", "handshakes")) expect(v).toBeGreaterThan(0);
    for (const v of value("w3-new-tokens", "handshakes")) expect(v).toBeGreaterThan(0);
    for (const v of value("w4", "connections")) expect(v).toBe(100);
    expect(report.targets.map((t) => t.target)).toHaveLength(5);
    expect(lines.join("\n")).toContain("W1 64 B round trips");
  }, 180_000);
});
