// The load generator: its own process (forked by bench/run.ts, commands over IPC), the same
// for every target. It reports when its measuring window opens and closes, so the parent
// can read every process's CPU time over exactly that window.
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { closeFrame, EchoReader, handshake, MessageTemplate, upgradeRequest, type Target } from "./wire";

export type LoadCommand =
  | { kind: "throughput"; target: Target; connections: number; inFlight: number; size: number; warmupMs: number; durationMs: number }
  | { kind: "latency"; target: Target; connections: number; rate: number; warmupMs: number; durationMs: number }
  /**
   * `tokens`: each handshake brings the next of the tokens given by a "tokens" command. "once" uses
   * each once (new to a gateway, which verifies them); "cycled" starts over at the end, for
   * targets that check no token and only need requests of the same size.
   */
  | { kind: "handshakes"; target: Target; concurrency: number; warmupMs: number; durationMs: number; tokens?: "once" | "cycled" }
  | { kind: "tokens"; tokens: string[] }
  | { kind: "hold"; target: Target; connections: number; concurrency: number }
  | { kind: "release" };

export type LoadReply =
  | { type: "window"; phase: "start" | "end" }
  | { type: "result"; result: Record<string, number> }
  | { type: "error"; message: string };

interface Connection {
  socket: Socket;
  reader: EchoReader;
  sent: number;
}

const send = (reply: LoadReply) => process.send!(reply);

async function openMany(target: Target, count: number, concurrency: number, size: number, onMessage: (c: Connection, seq: number) => void) {
  const request = upgradeRequest(target);
  const connections: Connection[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const { socket, rest } = await handshake(target, request);
      const connection: Connection = { socket, sent: 0, reader: new EchoReader(size, (seq) => onMessage(connection, seq)) };
      socket.on("data", (chunk: Buffer) => connection.reader.push(chunk));
      socket.on("error", (e) => (connection.reader.error ??= `socket error: ${e.message}`));
      if (rest.length) connection.reader.push(rest);
      connections.push(connection);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return connections;
}

/** Sends each a close frame and waits (bounded) for the server to close. */
async function closeAll(connections: Connection[], timeoutMs = 10_000) {
  const closed = connections.map((c) => new Promise((resolve) => (c.socket.destroyed ? resolve(undefined) : c.socket.once("close", resolve))));
  for (const c of connections) c.socket.end(closeFrame);
  await Promise.race([Promise.all(closed), sleep(timeoutMs)]);
  for (const c of connections) c.socket.destroy();
}

function checkAll(connections: Connection[]) {
  for (const c of connections) {
    if (c.reader.error) throw new Error(c.reader.error);
    if (c.reader.expected !== c.sent) throw new Error(`${c.sent - c.reader.expected} of ${c.sent} messages never came back`);
  }
}

async function drain(connections: Connection[], timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline && connections.some((c) => c.reader.expected < c.sent && !c.reader.error)) await sleep(5);
}

async function throughput(c: Extract<LoadCommand, { kind: "throughput" }>) {
  const template = new MessageTemplate(c.size);
  let received = 0;
  let sending = true;
  // Echoes completed by the chunk being parsed, replaced by as many new messages in one write.
  let completed = 0;
  const connections = await openMany(c.target, c.connections, 50, c.size, () => {
    received++;
    completed++;
  });
  for (const connection of connections) {
    connection.socket.removeAllListeners("data");
    connection.socket.on("data", (chunk: Buffer) => {
      completed = 0;
      connection.reader.push(chunk);
      if (sending && completed > 0) {
        connection.socket.write(template.batch(connection.sent, completed));
        connection.sent += completed;
      }
    });
    connection.socket.write(template.batch(0, c.inFlight));
    connection.sent = c.inFlight;
  }
  await sleep(c.warmupMs);
  send({ type: "window", phase: "start" });
  const from = received;
  const startedAt = performance.now();
  await sleep(c.durationMs);
  const count = received - from;
  const seconds = (performance.now() - startedAt) / 1000;
  send({ type: "window", phase: "end" });
  sending = false;
  await drain(connections);
  checkAll(connections);
  await closeAll(connections);
  const messagesPerSecond = count / seconds;
  return { messagesPerSecond, megabytesPerSecond: (messagesPerSecond * c.size) / 1e6, messages: connections.reduce((n, x) => n + x.sent, 0) };
}

async function latency(c: Extract<LoadCommand, { kind: "latency" }>) {
  const template = new MessageTemplate(64);
  // Send times by sequence number: up to 64 messages outstanding per connection.
  const sentAt = new Map<Connection, Float64Array>();
  const samples = new Float64Array(Math.ceil((c.rate * c.durationMs) / 1000) * 2 + 1000);
  let recorded = 0;
  let recording = false;
  const connections = await openMany(c.target, c.connections, 50, 64, (connection, seq) => {
    const rtt = performance.now() - sentAt.get(connection)![seq & 63];
    if (recording && recorded < samples.length) samples[recorded++] = rtt;
  });
  for (const connection of connections) sentAt.set(connection, new Float64Array(64));
  let total = 0;
  let error: string | undefined;
  const startedAt = performance.now();
  // Paced by a 1 ms timer; each message goes to the next connection in turn.
  const pacer = setInterval(() => {
    const now = performance.now();
    const due = Math.floor(((now - startedAt) * c.rate) / 1000) - total;
    for (let i = 0; i < due; i++, total++) {
      const connection = connections[total % connections.length];
      if (connection.sent - connection.reader.expected >= 64) {
        error ??= `${c.target.name} fell behind: 64 messages outstanding on one connection`;
        continue;
      }
      sentAt.get(connection)![connection.sent & 63] = now;
      connection.socket.write(template.batch(connection.sent, 1));
      connection.sent++;
    }
  }, 1);
  try {
    await sleep(c.warmupMs);
    send({ type: "window", phase: "start" });
    recording = true;
    const windowStart = total;
    const windowAt = performance.now();
    await sleep(c.durationMs);
    recording = false;
    const achievedRate = ((total - windowStart) * 1000) / (performance.now() - windowAt);
    send({ type: "window", phase: "end" });
    clearInterval(pacer);
    if (error) throw new Error(error);
    await drain(connections);
    checkAll(connections);
    const sorted = samples.subarray(0, recorded).sort();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1], samples: recorded, achievedRate };
  } finally {
    clearInterval(pacer);
    await closeAll(connections);
  }
}

/** Opens a connection, closes it with 1000, and waits until the server has closed too. */
async function openAndClose(target: Target, request: Buffer) {
  const { socket, rest } = await handshake(target, request);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${target.name}: no close from the server within 5 s`));
    }, 5000);
    const reader = new EchoReader(0, () => {});
    // The server closes the TCP connection first (RFC 6455 §7.1.1) and keeps the TIME_WAIT; this
    // socket answers its FIN (allowHalfOpen is off).
    socket.on("data", (chunk: Buffer) => reader.push(chunk));
    if (rest.length) reader.push(rest);
    socket.on("error", () => {});
    socket.once("close", () => {
      clearTimeout(timer);
      if (reader.error) reject(new Error(reader.error));
      else if (!reader.closeReceived) reject(new Error(`${target.name}: connection dropped without a close frame`));
      else resolve();
    });
    socket.write(closeFrame);
  });
}

let tokens: string[] = [];

async function setTokens(c: Extract<LoadCommand, { kind: "tokens" }>) {
  tokens = c.tokens;
  return { tokens: tokens.length };
}

async function handshakes(c: Extract<LoadCommand, { kind: "handshakes" }>) {
  const fixed = upgradeRequest(c.target);
  let nextToken = 0;
  const request = () => {
    if (!c.tokens) return fixed;
    if (nextToken === tokens.length) {
      if (c.tokens === "once") throw new Error(`all ${tokens.length} tokens were used: raise BENCH_W3_TOKENS`);
      nextToken = 0;
    }
    return upgradeRequest({ ...c.target, token: tokens[nextToken++] });
  };
  let done = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      await openAndClose(c.target, request());
      done++;
    }
  };
  const workers = Promise.all(Array.from({ length: c.concurrency }, worker));
  workers.catch(() => (stop = true));
  const measured = (async () => {
    await sleep(c.warmupMs);
    send({ type: "window", phase: "start" });
    const from = done;
    const startedAt = performance.now();
    await sleep(c.durationMs);
    const perSecond = ((done - from) * 1000) / (performance.now() - startedAt);
    send({ type: "window", phase: "end" });
    stop = true;
    return perSecond;
  })();
  const [perSecond] = await Promise.all([measured, workers]);
  return { handshakesPerSecond: perSecond, handshakes: done };
}

let held: Connection[] = [];

async function hold(c: Extract<LoadCommand, { kind: "hold" }>) {
  held = await openMany(c.target, c.connections, c.concurrency, 0, () => {});
  return { connections: held.length };
}

async function release() {
  const dropped = held.filter((c) => c.socket.destroyed || c.reader.closeReceived).length;
  await closeAll(held, 30_000);
  held = [];
  return { dropped };
}

const workloads = { throughput, latency, handshakes, hold, release, tokens: setTokens } as const;

process.on("message", async (command: LoadCommand) => {
  try {
    const result = await (workloads[command.kind] as (c: LoadCommand) => Promise<Record<string, number>>)(command);
    send({ type: "result", result });
  } catch (e) {
    send({ type: "error", message: (e as Error).message });
  }
});
// The parent going away ends the load generator too.
process.on("disconnect", () => process.exit(0));
