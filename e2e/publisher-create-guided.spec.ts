import { expect, test } from "@playwright/test";
import { makeUser, unique } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl } from "./stack";
import { openTab } from "./tabs";

test("a publisher creates an API through Design, Implement and Manage, and saves and publishes it", async ({ page }) => {
  const user = await makeUser(["CREATOR", "PUBLISHER"]);
  const name = unique("Rooms");

  await signIn(page, user.username, "secret");
  await page.goto("/publisher/apis/create/websocket");
  await page.getByRole("link", { name: "guided flow" }).click();

  // Design.
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Name is required.")).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Context").fill("/{version}/{version}/rooms");
  await page.getByLabel("Version").fill("1.0.0");
  await page.getByRole("button", { name: "Next" }).click();

  // Implement.
  await page.getByLabel("Production endpoint").fill("http://localhost:7070");
  await page.getByLabel("Sandbox endpoint").fill("ws://localhost:7071");
  await page.getByRole("button", { name: "Next" }).click();

  // Manage: Save & Publish appears once a plan is chosen.
  await expect(page.getByRole("button", { name: "Save & Publish" })).toHaveCount(0);
  await page.getByRole("checkbox", { name: "Gold" }).check();
  await page.getByRole("button", { name: "Save & Publish" }).click();

  // The refusals take the user back to the first step at fault.
  await expect(page.getByText("Context can hold {version} only once.")).toBeVisible();
  await page.getByLabel("Context").fill(`/{version}/${name.toLowerCase()}`);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Endpoint must be a ws:// or wss:// URL with a host")).toBeVisible();
  await page.getByLabel("Production endpoint").fill(echoUrl);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Save & Publish" }).click();

  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText("Published", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("textbox", { name: "WebSocket URL (ws)" })).toHaveValue(new RegExp(`/1\\.0\\.0/${name.toLowerCase()}$`));
  await openTab(page, "Endpoints");
  await expect(page.getByRole("textbox", { name: "Sandbox endpoint" })).toHaveValue("ws://localhost:7071");
});

test("a creator without the publisher role can only Save the guided flow", async ({ page }) => {
  const user = await makeUser(["CREATOR"]);
  await signIn(page, user.username, "secret");
  await page.goto("/publisher/apis/create/websocket/guided");
  await page.getByLabel("Name").fill(unique("Draft"));
  await page.getByLabel("Version").fill("1.0");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Production endpoint").fill("ws://localhost:7070");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("checkbox", { name: "Gold" }).check();
  await expect(page.getByRole("button", { name: "Save & Publish" })).toHaveCount(0);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Created", { exact: true }).first()).toBeVisible();
});
