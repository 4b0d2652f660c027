// A logger whose JSON lines a test reads, and waits for: the gateway's log is part of what it
// promises an operator (a line when Redis goes away, and when it is back).
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";

export interface LogLine {
  event?: string;
  msg: string;
  [field: string]: unknown;
}

export function recordingLogger(): { logger: Logger; lines: LogLine[]; line(test: (l: LogLine) => boolean): Promise<LogLine> } {
  const lines: LogLine[] = [];
  const waiting = new Set<{ test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split("\n")) {
        if (!text) continue;
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        for (const w of waiting) {
          if (!w.test(line)) continue;
          waiting.delete(w);
          w.resolve(line);
        }
      }
      done();
    },
  });
  return {
    logger: pino({ level: "debug" }, stream),
    lines,
    /** The first line, past or coming, that `test` accepts. */
    line(test) {
      const seen = lines.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.add({ test, resolve }));
    },
  };
}
