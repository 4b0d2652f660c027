// The one configuration module of both processes (portals and gateway). Read lazily so a
// `next build` does not need a database; a bad value stops start-up with a message that
// names it.
import { z } from "zod";

const ZConfig = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  PORTAL_URL: z.string().url().default("http://localhost:3000"),
  GATEWAY_URL: z.string().regex(/^ws:\/\/[^/]+$/, "GATEWAY_URL must be ws://host:port").default("ws://localhost:9099"),
  // Where clients reach the gateway's TLS listener; unset while no gateway serves wss, so no portal shows a URL that does not answer.
  GATEWAY_WSS_URL: z.string().regex(/^wss:\/\/[^/]+$/, "GATEWAY_WSS_URL must be wss://host:port").optional(),
  // The Development environment's gateway (lib/environments.ts); GATEWAY_URL and GATEWAY_WSS_URL are Production's.
  GATEWAY_DEV_URL: z.string().regex(/^ws:\/\/[^/]+$/, "GATEWAY_DEV_URL must be ws://host:port").default("ws://localhost:9199"),
  GATEWAY_DEV_WSS_URL: z.string().regex(/^wss:\/\/[^/]+$/, "GATEWAY_DEV_WSS_URL must be wss://host:port").optional(),
  /** The environment this gateway process serves: only APIs deployed there, as their deployed revision. */
  GATEWAY_ENVIRONMENT: z.enum(["Development", "Production"], { message: "GATEWAY_ENVIRONMENT must be Development or Production" }).default("Production"),
  GATEWAY_HOST: z.string().default("0.0.0.0"),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(9099),
  /** Admin listener: /healthz, /readyz, /metrics. */
  GATEWAY_ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(9098),
  /** The gateway's wss listener; none when unset (`npm start` sets 8099). */
  GATEWAY_TLS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** PEM files of the wss listener's certificate and key; unset: a self-signed one kept in .data/tls. */
  GATEWAY_TLS_CERT: z.string().min(1).optional(),
  GATEWAY_TLS_KEY: z.string().min(1).optional(),
  /** Gateway processes sharing the ports (node:cluster); 1 runs the gateway in the process itself. */
  GATEWAY_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** How long a stopping gateway lets connections finish their closing handshakes. */
  GATEWAY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(5000),
  /** What the gateway does with a message over the plan's event limit: drop it (with one notice frame per window) or close with 4429. */
  GATEWAY_THROTTLE_ACTION: z.enum(["drop", "close"]).default("drop"),
  /** "1": relay every connection through its socket's stream API, as TLS sockets are, instead of on its TCP handle (gateway/relay/tcp-handle.ts). */
  GATEWAY_RELAY_STREAMS: z.enum(["0", "1"], { message: "GATEWAY_RELAY_STREAMS must be 0 or 1" }).default("0"),
  /** When set, gateways share their event counts through Redis, so several enforce one limit. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "REDIS_URL must be redis://host:port").optional(),
  TOKEN_ISSUER: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

const ZCheckedConfig = ZConfig.refine((c) => !c.GATEWAY_TLS_CERT === !c.GATEWAY_TLS_KEY, {
  message: "set both GATEWAY_TLS_CERT and GATEWAY_TLS_KEY, or neither",
  path: ["GATEWAY_TLS_CERT"],
});

export type Config = z.infer<typeof ZConfig> & { TOKEN_ISSUER: string };

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const parsed = ZCheckedConfig.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  cached = { ...c, TOKEN_ISSUER: c.TOKEN_ISSUER ?? `${c.PORTAL_URL.replace(/\/$/, "")}/oauth2/token` };
  return cached;
}
