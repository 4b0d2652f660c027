import { expect, test, type Page } from "@playwright/test";
import { createApi } from "../lib/apis";
import { db } from "../lib/db";
import { gatewayPath } from "../lib/gateway-urls";
import { makeUser, subscribedClient, unique } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { devGatewayUrl, echoUrl, gatewayUrl, portalUrl } from "./stack";
import { connect } from "./ws-client";
import { openTab } from "./tabs";

/** A published API (so deployed to Production as revision 1) with a subscriber's token. */
async function publishedApi(owner: { id: string; username: string; roles: ("CREATOR" | "PUBLISHER" | "ADMIN" | "SUBSCRIBER")[] }) {
  const name = unique("Rooms");
  const api = await createApi(owner, { name, context: `/${name.toLowerCase()}`, version: "1.0", endpoint: echoUrl, plans: ["Gold"], publish: true });
  const { keys } = await subscribedClient(api.id);
  // As the developer's program gets one: the client credentials grant at the portal's token endpoint.
  const response = await fetch(`${portalUrl}/oauth2/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${keys.consumerKey}:${keys.consumerSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  expect(response.status).toBe(200);
  const { access_token: token } = (await response.json()) as { access_token: string };
  return { api, token, path: gatewayPath(api) };
}

/** The handshake's HTTP status as a client program sees it: 101 when it opened. */
async function handshake(url: string, token: string): Promise<number> {
  const result = await connect(url, { Authorization: `Bearer ${token}` });
  if (!result.ok) return result.status;
  result.socket.close();
  return 101;
}

function environmentCard(page: Page, environment: string) {
  return page.getByRole("region", { name: `${environment} environment` });
}

test("a publisher deploys an edit to Development, promotes it to Production, rolls Production back and undeploys Development; the gateways follow", async ({ page }) => {
  const publisher = await makeUser(["CREATOR", "PUBLISHER"]);
  const { api, token, path } = await publishedApi(publisher);
  const production = `${gatewayUrl}${path}`;
  const development = `${devGatewayUrl}${path}`;

  await signIn(page, publisher.username, "secret");
  await page.goto(`/publisher/apis/${api.id}`);
  await expect(page.getByText("Revision 1 · serves the working copy")).toBeVisible();
  await page.getByRole("link", { name: "Open Deployments" }).click();
  await expect(page.getByRole("tab", { name: "Deployments", selected: true })).toBeVisible();

  // CREATE & PUBLISH deployed revision 1 to Production only.
  await expect(environmentCard(page, "Production")).toContainText("Revision 1");
  await expect(environmentCard(page, "Production")).toContainText(`by ${publisher.username}`);
  await expect(environmentCard(page, "Production").getByRole("textbox", { name: "Production URL (ws)" })).toHaveValue(production);
  await expect(environmentCard(page, "Development")).toContainText("Not deployed");
  await expect(environmentCard(page, "Development").getByRole("textbox", { name: "Development URL (ws)" })).toHaveValue(development);
  // Once the gateways have heard of the new client's keys and subscription:
  await expect.poll(() => handshake(`${production}/lobby`, token)).toBe(101);
  await expect.poll(() => handshake(development, token)).toBe(404);

  // An edit is saved to the working copy; live traffic does not change.
  await openTab(page, "Topics");
  await page.getByLabel("Topic name").fill("/rooms/{roomId}");
  await page.getByRole("button", { name: "Add topic" }).click();
  await page.getByRole("button", { name: "Delete topic /*" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Topics saved")).toBeVisible();
  await expect(page.getByRole("link", { name: "Undeployed changes" })).toBeVisible();
  expect(await handshake(`${production}/lobby`, token)).toBe(101);

  // Deploy to Development first.
  await page.getByRole("link", { name: "Undeployed changes" }).click();
  await expect(page.getByText("Undeployed changes: the working copy differs from the revision live in Production.")).toBeVisible();
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Deploy" });
  await expect(dialog.getByText("Makes revision 2 of the working copy")).toBeVisible();
  await expect(dialog.getByRole("checkbox", { name: "Production (now: revision 1)" })).toBeChecked();
  await dialog.getByRole("checkbox", { name: "Production (now: revision 1)" }).uncheck();
  await dialog.getByRole("button", { name: "Deploy" }).click();
  await expect(dialog.getByText("Choose at least one environment.")).toBeVisible();
  await dialog.getByRole("checkbox", { name: "Development (now: not deployed)" }).check();
  await dialog.getByLabel("Description").fill("Rooms only");
  await dialog.getByRole("button", { name: "Deploy" }).click();
  await expect(page.getByText("Revision 2 deployed to Development")).toBeVisible();
  await expect(environmentCard(page, "Development")).toContainText("Revision 2");
  await expect(environmentCard(page, "Development")).toContainText("Serves the working copy");
  await expect(environmentCard(page, "Production")).toContainText("Revision 1");
  await expect(environmentCard(page, "Production")).toContainText("Undeployed changes");
  await expect.poll(() => handshake(`${development}/lobby`, token)).toBe(404);
  expect(await handshake(`${development}/rooms/7`, token)).toBe(101);
  expect(await handshake(`${production}/lobby`, token)).toBe(101);

  // Promote revision 2 to Production.
  const revisions = page.getByRole("grid", { name: "Revisions" });
  await expect(revisions.getByRole("row", { name: "Revision 2" })).toContainText("Rooms only");
  await revisions.getByRole("button", { name: "Deploy revision 2" }).click();
  await page.getByRole("menuitem", { name: /Deploy to Production/ }).click();
  await page.getByRole("dialog", { name: "Deploy revision 2 to Production?" }).getByRole("button", { name: "Deploy" }).click();
  await expect(environmentCard(page, "Production")).toContainText("Revision 2");
  await expect(page.getByRole("link", { name: "Undeployed changes" })).toHaveCount(0);
  await expect.poll(() => handshake(`${production}/lobby`, token)).toBe(404);

  // Roll Production back to revision 1: /* serves again, though the working copy has no /*.
  await revisions.getByRole("button", { name: "Deploy revision 1" }).click();
  await page.getByRole("menuitem", { name: /Roll back Production to it/ }).click();
  await page.getByRole("dialog", { name: "Roll back Production to revision 1?" }).getByRole("button", { name: "Roll back" }).click();
  await expect(environmentCard(page, "Production")).toContainText("Revision 1");
  await expect.poll(() => handshake(`${production}/lobby`, token)).toBe(101);
  const history = page.getByRole("grid", { name: "Deployment history" });
  await expect(history.getByRole("row").nth(1)).toContainText(`${publisher.username}Roll backProduction2 → 1`);

  // A deployed revision cannot be deleted; undeployed, Development answers 404.
  await expect(revisions.getByRole("button", { name: "Delete revision 1" })).toBeDisabled();
  await page.getByRole("button", { name: "Undeploy from Development" }).click();
  await page.getByRole("dialog", { name: "Undeploy from Development?" }).getByRole("button", { name: "Undeploy" }).click();
  await expect(environmentCard(page, "Development")).toContainText("Not deployed");
  await expect.poll(() => handshake(`${development}/rooms/7`, token)).toBe(404);
  await revisions.getByRole("button", { name: "Delete revision 2" }).click();
  await page.getByRole("dialog", { name: "Delete revision 2?" }).getByRole("button", { name: "Delete" }).click();
  await expect(revisions.getByRole("row", { name: "Revision 2" })).toHaveCount(0);
});

test("a creator sees what is live but has no Deploy; a publisher who loses the role is refused by the action", async ({ page }) => {
  const owner = await makeUser(["CREATOR", "PUBLISHER"]);
  const { api } = await publishedApi(owner);

  const creator = await makeUser(["CREATOR"]);
  await signIn(page, creator.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/deployments`);
  await expect(page.getByText("Deploying needs the publisher role.")).toBeVisible();
  await expect(environmentCard(page, "Production")).toContainText("Revision 1");
  await expect(page.getByRole("button", { name: "Deploy", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Undeploy from Production" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Deploy revision 1" })).toHaveCount(0);

  const publisher = await makeUser(["PUBLISHER"]);
  await page.context().clearCookies();
  await signIn(page, publisher.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/deployments`);
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Deploy" });
  await dialog.getByRole("checkbox", { name: "Development (now: not deployed)" }).check();
  // An admin takes the publisher role away while the dialog is open: the action refuses.
  await db.user.update({ where: { id: publisher.id }, data: { roles: ["CREATOR"] } });
  await dialog.getByRole("button", { name: "Deploy" }).click();
  await expect(dialog.getByText("This needs the publisher role.")).toBeVisible();
  expect(await db.apiDeployment.count({ where: { apiId: api.id, environment: "Development" } })).toBe(0);
  await page.reload();
  await expect(page.getByRole("button", { name: "Deploy", exact: true })).toHaveCount(0);
});
