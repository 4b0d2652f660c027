import { describe, expect, it } from "vitest";
import { checkTargets, runByRun, type Measurement, type TargetName } from "./report";

const m = (workload: string, target: TargetName, run: number, values: Record<string, number>, cpu: Record<string, number> = {}): Measurement => ({
  workload,
  target,
  run,
  values,
  cpu,
});

describe("the report's run-by-run comparisons", () => {
  // Run 2's nginx failed: that run has no pair. The medians alone (gateway 120, nginx 100) would say 1.2×.
  const ms = [
    m("w1", "nginx", 1, { messagesPerSecond: 100 }),
    m("w1", "gateway", 1, { messagesPerSecond: 104 }),
    m("w1", "gateway", 2, { messagesPerSecond: 150 }),
    m("w1", "nginx", 3, { messagesPerSecond: 90 }),
    m("w1", "gateway", 3, { messagesPerSecond: 120 }),
    m("w2", "nginx", 1, { p99Ms: 2 }),
    m("w2", "gateway", 1, { p99Ms: 2.5 }),
    m("w2", "nginx", 2, { p99Ms: 3 }),
    m("w2", "gateway", 2, { p99Ms: 2.75 }),
  ];

  it("pairs the gateway with nginx of the same run, in run order", () => {
    expect(runByRun(ms, "w1", "messagesPerSecond", (g, n) => g / n)).toEqual([1.04, 120 / 90]);
    expect(runByRun(ms, "w2", "p99Ms", (g, n) => g - n)).toEqual([0.5, -0.25]);
  });

  it("shows the pairs beside W1's and W2's verdicts", () => {
    const [w1, w2] = checkTargets(ms);
    expect(w1.detail).toMatch(/; run by run 1\.04×, 1\.33×$/);
    expect(w2.detail).toMatch(/\(\+0\.13 ms\); run by run \+0\.50 ms, -0\.25 ms$/);
  });
});

describe("the W1 verdict when the backend held a core", () => {
  const w1 = (backendWithGateway: number) => [
    m("w1", "nginx", 1, { messagesPerSecond: 100, cpuMicrosPerMessage: 2, backendWritesPerMessage: 1.01 }, { backend: 97, nginx: 50 }),
    m("w1", "gateway", 1, { messagesPerSecond: 105, cpuMicrosPerMessage: 2.1, backendWritesPerMessage: 0.99 }, { backend: backendWithGateway, gateway: 55 }),
  ];

  it("says the rate was the backend's and compares the proxies' own CPU", () => {
    expect(checkTargets(w1(98))[0].detail).toMatch(
      /run by run 1\.05×; bound by the backend, which held a core behind both \(97 % with nginx, 98 % with the gateway, 0\.99 write calls per message\): the proxies' own CPU per round trip, gateway \/ nginx, is 1\.05×$/,
    );
  });

  it("says nothing of it when the backend had room behind either", () => {
    expect(checkTargets(w1(80))[0].detail).toMatch(/run by run 1\.05×$/);
  });
});
