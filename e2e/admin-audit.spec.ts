import { expect, test } from "@playwright/test";
import { createPlan } from "../lib/plans";
import { makeUser, unique } from "../lib/testing/fixtures";
import { setUserRoles } from "../lib/user-management";
import { signIn } from "./session";

test("an admin finds a role change and a plan's creation in the audit log by filtering", async ({ page }) => {
  const admin = await makeUser(["ADMIN"]);
  const developer = await makeUser(["SUBSCRIBER"]);
  await setUserRoles(admin, { userId: developer.id, roles: ["SUBSCRIBER", "CREATOR"] });
  const plan = await createPlan(admin, { name: unique("Audited"), eventCount: 50, timeUnit: "MINUTE" });

  await signIn(page, admin.username, "secret");
  await page.goto("/admin/audit");
  const filters = page.getByRole("search", { name: "Filter the audit log" });
  await filters.getByLabel("Actor").fill(admin.username);
  await filters.getByRole("combobox", { name: "Action" }).click();
  await page.getByRole("option", { name: "set-roles" }).click();
  await filters.getByRole("button", { name: "Filter" }).click();
  const grid = page.getByRole("grid", { name: "Audit log" });
  await expect(grid.getByRole("row")).toHaveCount(2); // the header and the one change
  await expect(grid).toContainText(developer.id);
  await grid.getByRole("button", { name: /^Details of set-roles/ }).click();
  const details = page.getByRole("dialog");
  await expect(details.getByLabel("Before")).toContainText("SUBSCRIBER");
  await expect(details.getByLabel("Before")).not.toContainText("CREATOR");
  await expect(details.getByLabel("After")).toContainText("CREATOR");
  await details.getByRole("button", { name: "Close" }).click();

  await filters.getByRole("combobox", { name: "Entity" }).click();
  await page.getByRole("option", { name: "plan" }).click();
  await filters.getByRole("combobox", { name: "Action" }).click();
  await page.getByRole("option", { name: "create", exact: true }).click();
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(grid).toContainText(plan.id);
  await expect(grid.getByRole("row")).toHaveCount(2);
  await grid.getByRole("button", { name: /^Details of create plan/ }).click();
  await expect(page.getByRole("dialog").getByLabel("After")).toContainText(plan.name);
});
