// The bench's report: medians over runs, ratios to direct and to nginx, issue 6's targets
// met or missed, and which process had a core to itself (or wanted more than one).
export type TargetName = "direct" | "nginx" | "gateway";

export interface Measurement {
  workload: string;
  target: TargetName;
  run: number;
  values: Record<string, number>;
  /** CPU use of each process over the measuring window, in % of one core. */
  cpu: Record<string, number>;
}

export interface Metric {
  workload: string;
  key: string;
  label: string;
  unit: string;
  higherIsBetter: boolean;
}

export const metrics: Metric[] = [
  { workload: "w1", key: "messagesPerSecond", label: "W1 64 B round trips", unit: "msg/s", higherIsBetter: true },
  { workload: "w1", key: "cpuMicrosPerMessage", label: "W1 64 B proxy CPU per round trip", unit: "µs", higherIsBetter: false },
  { workload: "w1", key: "backendWritesPerMessage", label: "W1 64 B backend write calls", unit: "per msg", higherIsBetter: false },
  { workload: "w1", key: "backendMessagesPerRead", label: "W1 64 B messages per backend read", unit: "msg", higherIsBetter: true },
  { workload: "w1-16k", key: "megabytesPerSecond", label: "W1 16 KiB round trips", unit: "MB/s", higherIsBetter: true },
  { workload: "w2", key: "p50Ms", label: "W2 p50 at fixed rate", unit: "ms", higherIsBetter: false },
  { workload: "w2", key: "p99Ms", label: "W2 p99 at fixed rate", unit: "ms", higherIsBetter: false },
  { workload: "w2", key: "maxMs", label: "W2 max at fixed rate", unit: "ms", higherIsBetter: false },
  { workload: "w3", key: "handshakesPerSecond", label: "W3 handshakes (open+close)", unit: "/s", higherIsBetter: true },
  { workload: "w3", key: "cpuMicrosPerHandshake", label: "W3 proxy CPU per handshake", unit: "µs", higherIsBetter: false },
  { workload: "w3-new-tokens", key: "handshakesPerSecond", label: "W3 with a new token each (open+close)", unit: "/s", higherIsBetter: true },
  { workload: "w3-new-tokens", key: "cpuMicrosPerHandshake", label: "W3 with a new token each: proxy CPU per handshake", unit: "µs", higherIsBetter: false },
  { workload: "w4", key: "kibPerConnection", label: "W4 RSS per idle connection", unit: "KiB", higherIsBetter: false },
];

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function medianOf(measurements: Measurement[], workload: string, target: TargetName, key: string): number | undefined {
  const values = measurements.filter((m) => m.workload === workload && m.target === target).map((m) => m.values[key]);
  return values.length ? median(values) : undefined;
}

/**
 * `compare(gateway, nginx)` for each run that measured both: the runs are interleaved, so a
 * run's pair shares the machine's state, where each target's median is taken on its own.
 */
export function runByRun(ms: Measurement[], workload: string, key: string, compare: (gateway: number, nginx: number) => number): number[] {
  const of = (t: TargetName, run: number) => ms.find((m) => m.workload === workload && m.target === t && m.run === run)?.values[key];
  const runs = [...new Set(ms.filter((m) => m.workload === workload).map((m) => m.run))].sort((a, b) => a - b);
  return runs.flatMap((run) => {
    const g = of("gateway", run);
    const n = of("nginx", run);
    return g === undefined || n === undefined ? [] : [compare(g, n)];
  });
}

export interface TargetCheck {
  target: string;
  status: "met" | "missed" | "not measured";
  detail: string;
}

/** Issue 6's targets for the gateway. */
export function checkTargets(ms: Measurement[]): TargetCheck[] {
  const get = (w: string, t: TargetName, k: string) => medianOf(ms, w, t, k);
  const checks: TargetCheck[] = [];
  const w1g = get("w1", "gateway", "messagesPerSecond");
  const w1n = get("w1", "nginx", "messagesPerSecond");
  checks.push(
    w1g === undefined || w1n === undefined
      ? { target: "W1 ≥ 1.1 × nginx", status: "not measured", detail: "needs the gateway and nginx" }
      : {
          target: "W1 ≥ 1.1 × nginx",
          status: w1g >= 1.1 * w1n ? "met" : "missed",
          detail: `${(w1g / w1n).toFixed(2)} × nginx (${fmt(w1g)} vs ${fmt(w1n)} msg/s; the bar is ${fmt(1.1 * w1n)}); run by run ${runByRun(ms, "w1", "messagesPerSecond", (g, n) => g / n)
            .map((r) => `${r.toFixed(2)}×`)
            .join(", ")}${backendBound(ms)}`,
        },
  );
  const p99g = get("w2", "gateway", "p99Ms");
  const p99n = get("w2", "nginx", "p99Ms");
  checks.push(
    p99g === undefined || p99n === undefined
      ? { target: "W2 p99 ≤ nginx + 1 ms", status: "not measured", detail: "needs the gateway and nginx" }
      : {
          target: "W2 p99 ≤ nginx + 1 ms",
          status: p99g <= p99n + 1 ? "met" : "missed",
          detail: `${p99g.toFixed(2)} ms vs nginx ${p99n.toFixed(2)} ms (${signedMs(p99g - p99n)}); run by run ${runByRun(ms, "w2", "p99Ms", (g, n) => g - n)
            .map(signedMs)
            .join(", ")}`,
        },
  );
  // The same token every time (verified once, then cached until it expires), and a new one every time.
  for (const [workload, name] of [["w3", "W3 ≥ 2,000 handshakes/s"], ["w3-new-tokens", "W3 with a new token each ≥ 2,000 handshakes/s"]]) {
    const w3 = get(workload, "gateway", "handshakesPerSecond");
    const w3cpu = get(workload, "gateway", "cpuMicrosPerHandshake");
    checks.push(
      w3 === undefined
        ? { target: name, status: "not measured", detail: "" }
        : {
            target: name,
            status: w3 >= 2000 ? "met" : "missed",
            detail: `${fmt(w3)}/s (${((w3 / 2000) * 100).toFixed(0)} % of the bar)${w3cpu === undefined ? "" : `; ${fmt(w3cpu)} µs of gateway CPU each, ${fmt(1e6 / w3cpu)}/s on a core of its own`}`,
          },
    );
  }
  const w4 = get("w4", "gateway", "kibPerConnection");
  checks.push(
    w4 === undefined
      ? { target: "W4 ≤ 12 KiB/connection", status: "not measured", detail: "" }
      : { target: "W4 ≤ 12 KiB/connection", status: w4 <= 12 ? "met" : "missed", detail: `${w4.toFixed(1)} KiB (${w4 <= 12 ? "" : "+"}${(w4 - 12).toFixed(1)} KiB against the bar)` },
  );
  return checks;
}

/**
 * When the echo backend held a core in W1 behind both proxies, msg/s is the backend's rate, and
 * the ratio says how much of the machine each proxy left it. The proxies' own CPU per round
 * trip is then the like-for-like comparison, and the verdict says so.
 */
function backendBound(ms: Measurement[]): string {
  const [nginx, gateway] = [medianCpu(ms, "w1", "nginx", "backend"), medianCpu(ms, "w1", "gateway", "backend")];
  if (nginx === undefined || gateway === undefined || nginx < 90 || gateway < 90) return "";
  const writes = medianOf(ms, "w1", "gateway", "backendWritesPerMessage");
  const own = ratio(medianOf(ms, "w1", "gateway", "cpuMicrosPerMessage"), medianOf(ms, "w1", "nginx", "cpuMicrosPerMessage"));
  return `; bound by the backend, which held a core behind both (${nginx.toFixed(0)} % with nginx, ${gateway.toFixed(0)} % with the gateway${writes === undefined ? "" : `, ${writes.toFixed(2)} write calls per message`}): the proxies' own CPU per round trip, gateway / nginx, is ${own}`;
}

function signedMs(ms: number): string {
  return `${ms >= 0 ? "+" : ""}${ms.toFixed(2)} ms`;
}

function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString("en-US");
  return n.toFixed(2);
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? "n/a" : `${(a / b).toFixed(2)}×`;
}

/** The median over a workload's runs against `target` of one process's CPU %, when it was measured. */
function medianCpu(ms: Measurement[], workload: string, target: TargetName, process: string): number | undefined {
  const runs = ms.filter((m) => m.workload === workload && m.target === target && m.cpu[process] !== undefined);
  return runs.length ? median(runs.map((m) => m.cpu[process])) : undefined;
}

/** The busiest process of a workload's runs against `target`: median CPU % per process. */
function busiest(ms: Measurement[], workload: string, target: TargetName): string {
  const first = ms.find((m) => m.workload === workload && m.target === target);
  if (!first || !Object.keys(first.cpu).length) return "";
  const cpu = Object.keys(first.cpu)
    .map((n) => [n, medianCpu(ms, workload, target, n) ?? 0] as const)
    .sort((a, b) => b[1] - a[1]);
  return cpu.map(([n, c]) => `${n} ${c.toFixed(0)}%`).join(", ");
}

export function table(ms: Measurement[], targets: TargetName[]): string {
  const rows: string[][] = [["metric", ...targets, "gw/direct", "gw/nginx"]];
  for (const m of metrics) {
    const values = targets.map((t) => medianOf(ms, m.workload, t, m.key));
    if (values.every((v) => v === undefined)) continue;
    const of = (t: TargetName) => values[targets.indexOf(t)];
    rows.push([`${m.label} (${m.unit})`, ...values.map((v) => (v === undefined ? "–" : fmt(v))), ratio(of("gateway"), of("direct")), ratio(of("gateway"), of("nginx"))]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const workloads = [...new Set(ms.map((m) => m.workload))];
  const cpu = workloads.flatMap((w) =>
    targets.filter((t) => busiest(ms, w, t)).map((t) => `  ${w.padEnd(7)} ${t.padEnd(8)} ${busiest(ms, w, t)}`),
  );
  return [...lines, "", "CPU over the measuring window (% of one core, median of runs; ≥ 90 % is a saturated core; steal is CPU this machine wanted and its hypervisor gave elsewhere):", ...cpu].join("\n");
}

export function targetLines(checks: TargetCheck[]): string {
  return checks.map((c) => `  ${c.status === "met" ? "met   " : c.status === "missed" ? "MISSED" : "n/a   "}  ${c.target}: ${c.detail}`).join("\n");
}
