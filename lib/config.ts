// The one configuration module of both processes (portals and gateway). Read lazily so a
// `next build` does not need a database; a bad value stops start-up with a message that
// names it.
import { z } from "zod";
import { parseIpRangeList } from "./ip-ranges";

function count(name: string, fallback: number) {
  return z.coerce.number({ message: `${name} must be a whole number` }).int(`${name} must be a whole number`).min(1, `${name} must be at least 1`).default(fallback);
}

/** "10.0.0.0/8, 192.0.2.7, fd00::/8": addresses and CIDR ranges, separated by commas or spaces. */
function cidrList(name: string) {
  return z
    .string()
    .default("")
    .transform((text, ctx) => {
      const parsed = parseIpRangeList(text);
      if (parsed.ok) return parsed.ranges;
      ctx.addIssue({ code: "custom", message: `${name}: ${parsed.message}` });
      return z.NEVER;
    });
}

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
  GATEWAY_ENVIRONMENT: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, "GATEWAY_ENVIRONMENT must be an environment's name, such as Production")
    .default("Production"),
  GATEWAY_HOST: z.string().default("0.0.0.0"),
  /** Proxies in front of the gateway whose X-Forwarded-For it believes (deny policies by client address); none by default. */
  GATEWAY_TRUSTED_PROXIES: cidrList("GATEWAY_TRUSTED_PROXIES"),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(9099),
  /** Admin listener: /healthz, /readyz, /metrics. */
  GATEWAY_ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(9098),
  // Loopback unless told: /metrics names every API, and nothing on it is for clients. 0.0.0.0 for a scraper on another host.
  GATEWAY_ADMIN_HOST: z.string().min(1).default("127.0.0.1"),
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
  // Connections still in their handshake (TLS, request head), in all and per client address; 0: no bound.
  GATEWAY_MAX_PENDING_CONNECTIONS: z.coerce.number().int().min(0).default(1000),
  GATEWAY_MAX_PENDING_PER_ADDRESS: z.coerce.number().int().min(0).default(100),
  // A wss connection that has not finished its TLS handshake by then is cut.
  GATEWAY_TLS_HANDSHAKE_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** A connection whose writes to one side have not drained for this long is closed: that side reset, the other told 1011 or 1001. 0: never. */
  GATEWAY_STALLED_WRITE_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Pings and pongs a client may send per connection per minute; over it the connection closes with 1008. 0: no bound. */
  GATEWAY_MAX_CONTROL_FRAMES_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /** "1": pings and pongs (both ways) count against the plan's event limit, as messages do. A gateway-wide setting until plans carry one. */
  GATEWAY_CONTROL_FRAMES_ARE_EVENTS: z.enum(["0", "1"], { message: "GATEWAY_CONTROL_FRAMES_ARE_EVENTS must be 0 or 1" }).default("0"),
  /** "1": relay every connection through its socket's stream API, as TLS sockets are, instead of on its TCP handle (gateway/relay/tcp-handle.ts). */
  GATEWAY_RELAY_STREAMS: z.enum(["0", "1"], { message: "GATEWAY_RELAY_STREAMS must be 0 or 1" }).default("0"),
  /** When set, gateways share their event counts through Redis, so several enforce one limit. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "REDIS_URL must be redis://host:port").optional(),
  /** The seeded admin's password on a new database; unset: "admin", and every admin is shown a banner until it is changed. */
  DUPLEX_ADMIN_PASSWORD: z.string().min(10, "DUPLEX_ADMIN_PASSWORD must have at least 10 characters").optional(),
  /** A portal session ends after this long without a request, and this long after its sign-in whatever it does (lib/sessions.ts). */
  SESSION_IDLE_MINUTES: count("SESSION_IDLE_MINUTES", 60),
  SESSION_MAX_HOURS: count("SESSION_MAX_HOURS", 8),
  // Sliding windows (lib/rate-limit.ts), counted in Redis when REDIS_URL is set, else in PostgreSQL.
  /** Failed sign-ins per username, and per client address, in SIGNIN_WINDOW_SECONDS; then 429. */
  SIGNIN_FAILURES_PER_USERNAME: count("SIGNIN_FAILURES_PER_USERNAME", 5),
  SIGNIN_FAILURES_PER_IP: count("SIGNIN_FAILURES_PER_IP", 30),
  SIGNIN_WINDOW_SECONDS: count("SIGNIN_WINDOW_SECONDS", 900),
  SIGNUPS_PER_IP: count("SIGNUPS_PER_IP", 10),
  SIGNUP_WINDOW_SECONDS: count("SIGNUP_WINDOW_SECONDS", 3600),
  /** Failed client authentications at /oauth2/token and /oauth2/revoke per client id, and per address. */
  CLIENT_AUTH_FAILURES_PER_CLIENT: count("CLIENT_AUTH_FAILURES_PER_CLIENT", 10),
  CLIENT_AUTH_FAILURES_PER_IP: count("CLIENT_AUTH_FAILURES_PER_IP", 30),
  CLIENT_AUTH_WINDOW_SECONDS: count("CLIENT_AUTH_WINDOW_SECONDS", 900),
  /** The Publisher's endpoint Test (lib/endpoint-test-policy.ts): when set, only these ranges; never these. */
  ENDPOINT_TEST_ALLOW: cidrList("ENDPOINT_TEST_ALLOW"),
  ENDPOINT_TEST_DENY: cidrList("ENDPOINT_TEST_DENY"),
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
