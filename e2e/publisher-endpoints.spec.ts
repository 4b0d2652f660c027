import { expect, test } from "@playwright/test";
import { createApi } from "../lib/apis";
import { makeUser, unique } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl } from "./stack";

test("a creator sets production and sandbox endpoints, tunes the cogwheel settings and tests each endpoint for real", async ({ page }) => {
  const creator = await makeUser(["CREATOR"]);
  const name = unique("Feed");
  const api = await createApi(creator, { name, context: `/${name.toLowerCase()}`, version: "1.0" });

  await signIn(page, creator.username, "secret");
  // The Lifecycle tab says what publishing still needs, and where to set it.
  await page.goto(`/publisher/apis/${api.id}/lifecycle`);
  await page.getByRole("link", { name: "Set it on the Endpoints tab" }).click();
  await expect(page.getByRole("tab", { name: "Endpoints", selected: true })).toBeVisible();
  const production = page.getByRole("textbox", { name: "Production endpoint" });
  const sandbox = page.getByRole("textbox", { name: "Sandbox endpoint" });

  // Not a WebSocket URL: refused at the field.
  await production.fill("http://localhost:7070");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Endpoint must be a ws:// or wss:// URL with a host")).toBeVisible();

  // Test opens a real WebSocket: the echo backend answers, a closed port does not.
  await production.fill(echoUrl);
  await page.getByRole("button", { name: "Test production endpoint" }).click();
  await expect(page.getByRole("status", { name: "Production endpoint test result" })).toContainText(/answered the WebSocket handshake in \d+ ms/);
  await sandbox.fill("ws://127.0.0.1:1");
  await page.getByRole("button", { name: "Test sandbox endpoint" }).click();
  await expect(page.getByRole("status", { name: "Sandbox endpoint test result" })).toContainText("Connection refused");

  // The cogwheel: defaults shown, values checked, headers added.
  await page.getByRole("button", { name: "Production endpoint settings" }).click();
  const dialog = page.getByRole("dialog", { name: "Production endpoint settings" });
  await expect(dialog).toContainText("clients get them on the next Deploy");
  await expect(dialog.getByLabel("Connect timeout")).toHaveValue("10000");
  await expect(dialog.getByText("Default 10,000 ms")).toBeVisible();
  await dialog.getByLabel("Connect timeout").fill("5");
  await dialog.getByLabel("Retries on connect failure").fill("11");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog.getByText("At least 100 ms.")).toBeVisible();
  await expect(dialog.getByText("At most 10.")).toBeVisible();
  await dialog.getByLabel("Connect timeout").fill("2000");
  await dialog.getByLabel("Retries on connect failure").fill("3");
  await dialog.getByRole("button", { name: "Add header" }).click();
  await dialog.getByLabel("Header 1 name").fill("Host");
  await dialog.getByLabel("Header 1 value").fill("acme");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog.getByText("The gateway sets this header itself.")).toBeVisible();
  await dialog.getByLabel("Header 1 name").fill("X-Tenant");
  await expect(dialog.getByRole("switch", { name: "Verify the backend's TLS certificate" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Connect timeout 2000 ms · 3 retries")).toBeVisible();

  await sandbox.fill("wss://sandbox.example.com");
  await page.getByRole("button", { name: "Sandbox endpoint settings" }).click();
  const sandboxDialog = page.getByRole("dialog", { name: "Sandbox endpoint settings" });
  await sandboxDialog.getByRole("switch", { name: "Verify the backend's TLS certificate" }).uncheck();
  await sandboxDialog.getByRole("button", { name: "Apply" }).click();

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Endpoints saved")).toBeVisible();

  // Saved: the settings come back after a reload.
  await page.reload();
  await expect(production).toHaveValue(echoUrl);
  await expect(sandbox).toHaveValue("wss://sandbox.example.com");
  await page.getByRole("button", { name: "Production endpoint settings" }).click();
  await expect(dialog.getByLabel("Connect timeout")).toHaveValue("2000");
  await expect(dialog.getByLabel("Header 1 name")).toHaveValue("X-Tenant");
  await expect(dialog.getByLabel("Header 1 value")).toHaveValue("acme");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Sandbox endpoint settings" }).click();
  await expect(sandboxDialog.getByRole("switch", { name: "Verify the backend's TLS certificate" })).not.toBeChecked();
});
