// An API's runtime security settings (Publisher → API → Runtime, where WSO2 keeps them): what a
// client authenticates with (OAuth2 tokens, API keys, or both), which browser origins may open a
// connection (against cross-site WebSocket hijacking), whether a handshake without an Origin (a
// non-browser client) may, and which client addresses may or may not. Stored as Api.runtime (JSON), live: a change reaches the gateways at once, without a
// deploy, and closes the open connections it no longer admits, as a deny policy does.
import { z } from "zod";
import { db, type Prisma } from "./db";
import { recordAudit } from "./audit";
import { DuplexError } from "./errors";
import { inIpRange, parseIpAddress, parseIpRange, type IpRange } from "./ip-ranges";
import { notifyConfigChanged } from "./notify";
import { assertRole, type Actor } from "./roles";

export const maxOrigins = 50;
export const maxIpRanges = 100;

// scheme://host[:port], the host optionally beginning with "*." (any subdomain, at any depth).
const originPattern = /^(https?):\/\/(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;
const defaultPorts: Record<string, string> = { http: ":80", https: ":443" };

/** "HTTPS://App.Example.com:443" → "https://app.example.com": an origin written one way (RFC 6454 §6.1). */
export function normaliseOrigin(text: string): string {
  const t = text.trim().toLowerCase().replace(/\/+$/, "");
  const scheme = t.slice(0, t.indexOf(":"));
  const port = defaultPorts[scheme];
  return port && t.endsWith(port) ? t.slice(0, -port.length) : t;
}

const ZOrigin = z.string().transform((t, ctx) => {
  const origin = normaliseOrigin(t);
  if (originPattern.test(origin)) return origin;
  ctx.addIssue({ code: "custom", message: `${t.trim() || "An empty line"} is not an origin: write a scheme, a host and an optional port, such as https://app.example.com or https://*.example.com.` });
  return z.NEVER;
});

const ZIpRange = z
  .string()
  .transform((t, ctx) => {
    const parsed = parseIpRange(t);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.range.text;
  });

const distinct = <T extends z.ZodType<string, string>>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max, `At most ${max} ${what}.`)
    .default([])
    .transform((list) => [...new Set(list)]);

/** Origins (exact or https://*.domain), written one way, without repeats: an API's and an API key's. */
export const ZOriginList = distinct(ZOrigin, maxOrigins, "origins");
/** IPv4 and IPv6 addresses and CIDR ranges, written one way, without repeats. */
export const ZIpRangeList = distinct(ZIpRange, maxIpRanges, "addresses or ranges");

export const ZApiRuntime = z.object({
  /** Empty: any origin. */
  allowedOrigins: ZOriginList,
  /** A handshake with no Origin header: what non-browser clients send. */
  allowNoOrigin: z.boolean().default(true),
  /** Empty: any address not denied. */
  ipAllow: ZIpRangeList,
  ipDeny: ZIpRangeList,
  /** A message against its topic's operations (a client's on a topic without Publish): dropped with a notice, or the connection closed 1008. */
  wrongDirection: z.enum(["drop", "close"], { message: "Choose drop or close." }).default("drop"),
  /** API security: what a client may authenticate with. */
  authentication: z.enum(["oauth2", "apiKey", "both"], { message: "Choose OAuth2, API key or both." }).default("oauth2"),
});
export type ApiRuntime = z.output<typeof ZApiRuntime>;
export type ApiRuntimeInput = z.input<typeof ZApiRuntime>;

/** What a stored Api.runtime says, defaults filled in; a value that does not parse reads as the defaults. */
export function apiRuntime(stored: unknown): ApiRuntime {
  const parsed = ZApiRuntime.safeParse(stored ?? {});
  return parsed.success ? parsed.data : ZApiRuntime.parse({});
}

/** Allowed origins as the gateway matches them: exact ones, and the domains of `*.` patterns. */
export interface OriginMatcher {
  exact: ReadonlySet<string>;
  /** "https://*.example.com" as "https://example.com". */
  suffixes: readonly string[];
}

/** Null for an empty list: any origin. */
export function compileOrigins(origins: readonly string[]): OriginMatcher | null {
  if (origins.length === 0) return null;
  return { exact: new Set(origins.filter((o) => !o.includes("*"))), suffixes: origins.filter((o) => o.includes("*")).map((o) => o.replace("*.", "")) };
}

export function originMatches(matcher: OriginMatcher, origin: string): boolean {
  const o = normaliseOrigin(origin);
  if (matcher.exact.has(o)) return true;
  // The suffix is "https://example.com": the origin must be "https://<something>.example.com".
  for (const s of matcher.suffixes) {
    const scheme = s.slice(0, s.indexOf("//") + 2);
    const host = s.slice(scheme.length);
    if (o.startsWith(scheme) && o.endsWith(`.${host}`) && o.length > scheme.length + host.length + 1) return true;
  }
  return false;
}

/** The settings compiled for the gateway's handshake and open connections. */
export interface RuntimePolicy {
  /** Null: any origin is allowed. */
  origins: OriginMatcher | null;
  allowNoOrigin: boolean;
  ipAllow: readonly IpRange[];
  ipDeny: readonly IpRange[];
  wrongDirection: "drop" | "close";
  authentication: "oauth2" | "apiKey" | "both";
}

/** Ranges as stored (validated when saved): one that no longer parses is left out. */
export function storedRanges(texts: readonly string[]): IpRange[] {
  return texts.flatMap((t) => {
    const p = parseIpRange(t);
    return p.ok ? [p.range] : [];
  });
}

export const openRuntimePolicy: RuntimePolicy = { origins: null, allowNoOrigin: true, ipAllow: [], ipDeny: [], wrongDirection: "drop", authentication: "oauth2" };

export function compileRuntime(runtime: ApiRuntime): RuntimePolicy {
  const { allowedOrigins } = runtime;
  const open = allowedOrigins.length === 0 && runtime.allowNoOrigin && runtime.ipAllow.length === 0 && runtime.ipDeny.length === 0;
  if (open && runtime.wrongDirection === "drop" && runtime.authentication === "oauth2") return openRuntimePolicy;
  return {
    origins: compileOrigins(allowedOrigins),
    allowNoOrigin: runtime.allowNoOrigin,
    ipAllow: storedRanges(runtime.ipAllow),
    ipDeny: storedRanges(runtime.ipDeny),
    wrongDirection: runtime.wrongDirection,
    authentication: runtime.authentication,
  };
}

/** Whether a handshake's Origin header (undefined when it has none) may open a connection. */
export function originAllowed(policy: RuntimePolicy, origin: string | undefined): boolean {
  if (origin === undefined) return policy.allowNoOrigin;
  return policy.origins === null || originMatches(policy.origins, origin);
}

/** Whether the client's address may connect: not in the deny list, and in the allow list when there is one. */
export function addressAllowed(policy: RuntimePolicy, clientAddress: string): boolean {
  if (policy.ipAllow.length === 0 && policy.ipDeny.length === 0) return true;
  const address = parseIpAddress(clientAddress);
  if (!address) return policy.ipAllow.length === 0;
  if (policy.ipDeny.some((r) => inIpRange(address, r))) return false;
  return policy.ipAllow.length === 0 || policy.ipAllow.some((r) => inIpRange(address, r));
}

export async function getApiRuntime(actor: Actor, apiId: string): Promise<ApiRuntime> {
  assertRole(actor, "ADMIN", "CREATOR", "PUBLISHER");
  const api = await db.api.findUnique({ where: { id: apiId }, select: { runtime: true } });
  if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
  return apiRuntime(api.runtime);
}

/** Saves the settings, audited, and tells the gateways in the same transaction. */
export async function updateApiRuntime(actor: Actor, apiId: string, raw: ApiRuntimeInput): Promise<ApiRuntime> {
  assertRole(actor, "CREATOR");
  const input = ZApiRuntime.parse(raw);
  return db.$transaction(async (tx) => {
    const [api] = await tx.$queryRaw<{ status: string; runtime: unknown }[]>`SELECT status, runtime FROM "Api" WHERE id = ${apiId} FOR UPDATE`;
    if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
    if (api.status === "RETIRED") throw new DuplexError("CONFLICT", "A retired API cannot be changed.");
    await tx.api.update({ where: { id: apiId }, data: { runtime: input as Prisma.InputJsonObject } });
    await recordAudit(tx, actor, { entity: "api", entityId: apiId, action: "update-runtime", before: apiRuntime(api.runtime), after: input });
    await notifyConfigChanged(tx, "api");
    return input;
  });
}
