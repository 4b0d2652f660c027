// May this application use this API? WSO2's rules: a blocked API refuses everyone; a
// prototype needs only a valid token; otherwise the application needs an active subscription.
import type { ApiRoute, ConfigSnapshot, SubscriptionGrant } from "../config/snapshot";
import { subscriptionKey } from "../config/snapshot";
import { refusal, type Refusal } from "./refuse";
import { stage } from "./stage";
import type { Identity } from "./authenticate";

export interface Grant {
  /** The subscription that lets it in; none for a prototyped API. */
  subscription: SubscriptionGrant | undefined;
}

export function authorize(snapshot: ConfigSnapshot, api: ApiRoute, identity: Identity): Grant | Refusal {
  const named = `${api.name} ${api.version}`;
  if (api.status === "BLOCKED") return refusal(403, "api_blocked", `${named} is blocked by its publisher.`);
  if (api.status === "PROTOTYPED") return { subscription: undefined };
  const subscription = snapshot.subscriptions.get(subscriptionKey(identity.applicationId, api.id));
  const app = identity.applicationName;
  if (!subscription) return refusal(403, "not_subscribed", `The application ${app} is not subscribed to ${named}.`);
  switch (subscription.status) {
    case "ACTIVE":
      return { subscription };
    case "BLOCKED":
      return refusal(403, "subscription_blocked", `The subscription of ${app} to ${named} is blocked.`);
    case "PROD_ONLY_BLOCKED":
      if (identity.keyType === "SANDBOX") return { subscription };
      return refusal(403, "subscription_blocked", `The subscription of ${app} to ${named} is blocked for production keys.`);
    case "ON_HOLD":
      return refusal(403, "subscription_on_hold", `The subscription of ${app} to ${named} is awaiting approval.`);
    case "REJECTED":
      return refusal(403, "subscription_rejected", `The subscription of ${app} to ${named} was rejected.`);
  }
}

export const authorizeStage = stage("grant", (h: { snapshot: ConfigSnapshot; route: { api: ApiRoute }; identity: Identity }) => authorize(h.snapshot, h.route.api, h.identity), {
  readsSnapshot: true,
});
