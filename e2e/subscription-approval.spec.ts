// Subscription approval as the two people involved live it: the developer subscribes (or
// changes plan) in the Developer Portal and is told it waits; an admin decides in Admin →
// Tasks; the developer reads the outcome, and the gateway admits or keeps refusing.
import { expect, test, type Browser } from "@playwright/test";
import { setApiPlans } from "../lib/api-plans";
import { db } from "../lib/db";
import { gatewayPath } from "../lib/gateway-urls";
import { createPlan } from "../lib/plans";
import { subscribe } from "../lib/subscriptions";
import { clientWithKeys, publishedApi, unique } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl, gatewayUrl } from "./stack";
import { connectWhenAdmitted, handshakeOutcome, issuedToken, roundTrip } from "./ws-client";

async function adminPage(browser: Browser, username: string) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username, "secret");
  await page.goto("/admin/tasks");
  return page;
}

test("a subscription to a plan that needs approval waits, is refused at the gateway, and is admitted once an admin approves it", async ({ page, browser, request }) => {
  const { admin, api } = await publishedApi(echoUrl);
  const plan = await createPlan(admin, { name: unique("Approval"), eventCount: 1000, timeUnit: "MINUTE", requiresApproval: true });
  await setApiPlans(admin, api.id, ["Gold", plan.name]);
  const client = await clientWithKeys();
  const url = `${gatewayUrl}${gatewayPath(api)}`;
  const auth = { Authorization: `Bearer ${await issuedToken(request, client.keys)}` };

  await signIn(page, client.user.username, "secret");
  await page.goto(`/devportal/apis/${api.id}`);
  await page.getByRole("combobox", { name: "Business plan" }).click();
  await page.getByRole("option", { name: new RegExp(`^${plan.name}`) }).click();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByText("Subscribed: waiting for an admin's approval")).toBeVisible();
  const mine = page.getByRole("list", { name: "Your subscriptions" });
  await expect(mine).toContainText(`${plan.name} · Waiting for approval`);
  await expect(mine).toContainText(`An admin must approve the ${plan.name} plan before clients can connect.`);

  await expect
    .poll(() => handshakeOutcome(url, auth))
    .toBe("403 subscription_on_hold");

  const adminTab = await adminPage(browser, admin.username);
  const row = adminTab.getByRole("grid", { name: "Pending requests" }).getByRole("row").filter({ hasText: client.user.username });
  await expect(row).toContainText(plan.name);
  await row.getByRole("button", { name: /^Approve/ }).click();
  await expect(adminTab.getByText("Approved: the subscription is active")).toBeVisible();

  const { socket } = await connectWhenAdmitted(url, auth);
  expect(await roundTrip(socket, "approved")).toBe("approved");
  socket.close();

  await page.goto(`/devportal/applications/${client.app.id}`);
  const subscription = page.getByRole("grid", { name: "Subscriptions" }).getByRole("row").filter({ hasText: api.name });
  await expect(subscription).toContainText("Active");
  await expect(subscription).not.toContainText("approval");

  // The audit log has the approval, by the admin who gave it.
  await adminTab.goto("/admin/audit?entity=subscription");
  const approvals = adminTab.getByRole("grid", { name: "Audit log" }).getByRole("row").filter({ hasText: "approve-subscription" }).filter({ hasText: admin.username });
  await expect(approvals.first()).toBeVisible();
});

test("a plan change that needs approval keeps the old plan, and the developer reads why it was rejected", async ({ page, browser }) => {
  const { admin, api } = await publishedApi(echoUrl);
  const plan = await createPlan(admin, { name: unique("Approval"), eventCount: 1000, timeUnit: "MINUTE", requiresApproval: true });
  await setApiPlans(admin, api.id, ["Gold", plan.name]);
  const client = await clientWithKeys();
  await subscribe(client.user, { applicationId: client.app.id, apiId: api.id, planName: "Gold" });

  await signIn(page, client.user.username, "secret");
  await page.goto(`/devportal/applications/${client.app.id}`);
  const subscription = page.getByRole("grid", { name: "Subscriptions" }).getByRole("row").filter({ hasText: api.name });
  await subscription.getByRole("combobox", { name: `Business plan of ${api.name}` }).click();
  await page.getByRole("option", { name: plan.name }).click();
  await expect(subscription).toContainText(`The change to the ${plan.name} plan waits for approval.`);
  await expect(subscription.getByRole("combobox", { name: `Business plan of ${api.name}` })).toHaveText("Gold");

  const adminTab = await adminPage(browser, admin.username);
  const row = adminTab.getByRole("grid", { name: "Pending requests" }).getByRole("row").filter({ hasText: client.user.username });
  await row.getByRole("button", { name: /^Reject/ }).click();
  const dialog = adminTab.getByRole("dialog", { name: "Reject the request?" });
  await dialog.getByLabel("Reason").fill("Gold covers your traffic.");
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(dialog).toBeHidden();

  await page.reload();
  await expect(subscription).toContainText(`The change to the ${plan.name} plan was rejected: Gold covers your traffic.`);
  await expect(subscription).toContainText("Active");
  const kept = await db.subscription.findFirstOrThrow({ where: { applicationId: client.app.id, apiId: api.id }, include: { plan: true } });
  expect(kept.plan.name).toBe("Gold");
});
