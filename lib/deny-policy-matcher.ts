// Which deny policy, if any, refuses a connection: compiled once per configuration snapshot
// from the enabled policies, then asked at each handshake without allocating or awaiting.
// The gateway asks as it learns more: the client's address and the API before the token is
// checked, the application and its owner after.
import type { DenyPolicyType } from "../generated/prisma/enums";
import { inIpRange, parseIpAddress, parseIpRange, type IpRange } from "./ip-ranges";

export interface DenyPolicyRule {
  id: string;
  type: DenyPolicyType;
  /** As stored: the context, the application's or user's id, the address or range. */
  value: string;
}

/** What the gateway knows of a connection; each field it does not know yet is left out. */
export interface DenyCheck {
  /** The client's address as the gateway sees it (trusted proxies' X-Forwarded-For honoured). */
  clientAddress?: string;
  /** The API's context, as created ("/echo", "/{version}/echo"). */
  apiContext?: string;
  /** The path the API is served at (lib/gateway-urls.ts gatewayPath, or the default version's bare path). */
  apiPath?: string;
  applicationId?: string;
  /** The application owner's user id (a token's `sub`). */
  userId?: string;
}

export interface DenyPolicyMatcher {
  /** The first policy that refuses the connection, or null. Order: address, API, application, user. */
  match(check: DenyCheck): DenyPolicyRule | null;
  readonly size: number;
}

export function compileDenyPolicies(rules: readonly DenyPolicyRule[]): DenyPolicyMatcher {
  const byValue = { API_CONTEXT: new Map<string, DenyPolicyRule>(), APPLICATION: new Map<string, DenyPolicyRule>(), USER: new Map<string, DenyPolicyRule>() };
  const ranges: { range: IpRange; rule: DenyPolicyRule }[] = [];
  for (const rule of rules) {
    if (rule.type === "IP_RANGE") {
      const parsed = parseIpRange(rule.value);
      // Written only by lib/deny-policies.ts, which parses the same way; a row that does not parse is left out.
      if (parsed.ok) ranges.push({ range: parsed.range, rule });
    } else {
      byValue[rule.type].set(rule.type === "API_CONTEXT" ? withoutTrailingSlash(rule.value) : rule.value, rule);
    }
  }
  return {
    size: rules.length,
    match(check) {
      if (check.clientAddress !== undefined && ranges.length > 0) {
        const address = parseIpAddress(check.clientAddress);
        if (address) for (const r of ranges) if (inIpRange(address, r.range)) return r.rule;
      }
      if (byValue.API_CONTEXT.size > 0) {
        const hit = (check.apiContext !== undefined && byValue.API_CONTEXT.get(check.apiContext)) || (check.apiPath !== undefined && byValue.API_CONTEXT.get(check.apiPath));
        if (hit) return hit;
      }
      if (check.applicationId !== undefined) {
        const hit = byValue.APPLICATION.get(check.applicationId);
        if (hit) return hit;
      }
      if (check.userId !== undefined) {
        const hit = byValue.USER.get(check.userId);
        if (hit) return hit;
      }
      return null;
    },
  };
}

export function withoutTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}
