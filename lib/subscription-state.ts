// What a subscription's state means to the people who read it: the developer in the Developer
// Portal and the API's creator in the Publisher. Plain data in, words out (no database), so
// that every page says the same thing of the same state.
import type { SubscriptionStatus, WorkflowTaskStatus, WorkflowTaskType } from "../generated/prisma/enums";

export function describeStatus(status: SubscriptionStatus): string {
  switch (status) {
    case "ACTIVE":
      return "active";
    case "BLOCKED":
      return "blocked";
    case "PROD_ONLY_BLOCKED":
      return "blocked for production keys";
    case "ON_HOLD":
      return "waiting for approval";
    case "REJECTED":
      return "rejected";
  }
}

export interface ApprovalRequest {
  type: WorkflowTaskType;
  status: WorkflowTaskStatus;
  reason: string | null;
  plan: { name: string };
}

/**
 * The state as a label ("Waiting for approval", "Rejected", …) and, where an approval request
 * explains it, a sentence: the rejection's reason, or a plan change still waiting. Takes the
 * latest request (lib/subscriptions.ts latestApproval), or none.
 */
export function subscriptionState(status: SubscriptionStatus, latest: ApprovalRequest | undefined): { label: string; note: string | null } {
  const label = describeStatus(status).replace(/^./, (c) => c.toUpperCase());
  if (!latest) return { label, note: null };
  const reason = latest.reason ? `: ${latest.reason}` : ".";
  if (latest.type === "SUBSCRIPTION_CREATION") {
    if (status === "ON_HOLD") return { label, note: `An admin must approve the ${latest.plan.name} plan before clients can connect.` };
    if (status === "REJECTED" && latest.status === "REJECTED") return { label, note: `Rejected${reason}` };
    return { label, note: null };
  }
  if (latest.status === "PENDING") return { label, note: `The change to the ${latest.plan.name} plan waits for approval.` };
  if (latest.status === "REJECTED") return { label, note: `The change to the ${latest.plan.name} plan was rejected${reason}` };
  return { label, note: null };
}
