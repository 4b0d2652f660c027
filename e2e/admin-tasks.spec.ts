import { expect, test } from "@playwright/test";
import { setApiPlans } from "../lib/api-plans";
import { db } from "../lib/db";
import { createPlan } from "../lib/plans";
import { subscribe } from "../lib/subscriptions";
import { makeUser, publishedApi, unique } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("an admin approves a subscription that waits for approval, and it becomes active", async ({ page }) => {
  const { admin, api } = await publishedApi("ws://localhost:7070");
  const plan = await createPlan(admin, { name: unique("Approved"), eventCount: 100, timeUnit: "MINUTE", requiresApproval: true });
  await setApiPlans(admin, api.id, ["Gold", plan.name]);
  const developer = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: developer.id } });
  const subscription = await subscribe(developer, { applicationId: app.id, apiId: api.id, planName: plan.name });
  expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe("ON_HOLD");

  await signIn(page, admin.username, "secret");
  await page.goto("/admin/tasks");
  const pending = page.getByRole("grid", { name: "Pending requests" });
  const row = pending.getByRole("row").filter({ hasText: developer.username });
  await expect(row).toContainText(plan.name);
  await expect(row).toContainText(api.name);
  await row.getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByText("Approved: the subscription is active")).toBeVisible();
  await expect(pending.getByText(developer.username)).toBeHidden();
  const decided = page.getByRole("grid", { name: "Decided requests" }).getByRole("row").filter({ hasText: developer.username });
  await expect(decided).toContainText("Approved");
  expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe("ACTIVE");
});

test("rejecting a request asks for a reason first", async ({ page }) => {
  const { admin, api } = await publishedApi("ws://localhost:7070");
  const plan = await createPlan(admin, { name: unique("Approved"), eventCount: 100, timeUnit: "MINUTE", requiresApproval: true });
  await setApiPlans(admin, api.id, ["Gold", plan.name]);
  const developer = await makeUser(["SUBSCRIBER"]);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: developer.id } });
  const subscription = await subscribe(developer, { applicationId: app.id, apiId: api.id, planName: plan.name });

  await signIn(page, admin.username, "secret");
  await page.goto("/admin/tasks");
  const row = page.getByRole("grid", { name: "Pending requests" }).getByRole("row").filter({ hasText: developer.username });
  await row.getByRole("button", { name: /^Reject/ }).click();
  const dialog = page.getByRole("dialog", { name: "Reject the request?" });
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(dialog.getByText("Say why, for the developer: a rejection needs a reason.")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Use the Gold plan for testing.");
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("grid", { name: "Decided requests" }).getByRole("row").filter({ hasText: developer.username })).toContainText("Use the Gold plan for testing.");
  expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe("REJECTED");
});
