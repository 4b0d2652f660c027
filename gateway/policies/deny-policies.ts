// Admin → Deny policies at the gateway (WSO2's blocking conditions): the snapshot's compiled
// matcher (lib/deny-policy-matcher.ts) is asked twice, as the handshake learns more: the
// client's address and the API before the token is checked, so a blocked address costs no
// signature check; the application and its owner once the token names them. Open connections
// are asked again on every reload (connections.ts revalidate).
import type { DenyPolicyRule } from "../../lib/deny-policy-matcher";
import type { ApiRoute, ConfigSnapshot } from "../config/snapshot";
import type { Identity } from "../handshake/authenticate";
import { Refusal } from "../handshake/refuse";
import { check } from "../handshake/stage";

/** What an open connection is closed with when a policy comes to match it (RFC 6455 §7.4.1 1008, policy violation). */
export const blockedCloseReason = "Blocked by a deny policy.";

const what: Record<DenyPolicyRule["type"], string> = {
  IP_RANGE: "A deny policy blocks connections from this client address.",
  API_CONTEXT: "A deny policy blocks this API.",
  APPLICATION: "A deny policy blocks this application.",
  USER: "A deny policy blocks this application's owner.",
};

/** 403 `blocked`; the log (never the client) names the policy. */
export function blockedBy(rule: DenyPolicyRule): Refusal {
  return new Refusal({ status: 403, error: "blocked", message: what[rule.type], detail: `deny policy ${rule.id}` });
}

export const denyPoliciesStage = check(
  (h: { snapshot: ConfigSnapshot; clientAddress: string; route: { api: ApiRoute } }) => {
    const policies = h.snapshot.denyPolicies;
    if (policies.size === 0) return undefined;
    const rule = policies.match({ clientAddress: h.clientAddress, apiContext: h.route.api.context, apiPath: h.route.api.path });
    return rule ? blockedBy(rule) : undefined;
  },
  { readsSnapshot: true },
);

export const denyCallerStage = check(
  (h: { snapshot: ConfigSnapshot; identity: Identity }) => {
    const policies = h.snapshot.denyPolicies;
    if (policies.size === 0) return undefined;
    const rule = policies.match({ applicationId: h.identity.applicationId, userId: h.identity.claims.sub });
    return rule ? blockedBy(rule) : undefined;
  },
  { readsSnapshot: true },
);

/** Whether a policy of `snapshot` matches an open connection, for connections.ts. */
export function deniedConnection(snapshot: ConfigSnapshot, c: { clientAddress: string; api: ApiRoute; identity: Identity }): DenyPolicyRule | null {
  if (snapshot.denyPolicies.size === 0) return null;
  return snapshot.denyPolicies.match({
    clientAddress: c.clientAddress,
    apiContext: c.api.context,
    apiPath: c.api.path,
    applicationId: c.identity.applicationId,
    userId: c.identity.claims.sub,
  });
}
