// The one logger of both processes: pino, JSON lines on stdout.
import { pino } from "pino";

const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

// Read LOG_LEVEL directly, not through config(): logging must work even when the rest of
// the configuration is what is broken. config() still refuses a bad value at start-up.
const level = levels.includes(process.env.LOG_LEVEL ?? "") ? process.env.LOG_LEVEL! : "info";

export const logger = pino({ level });
