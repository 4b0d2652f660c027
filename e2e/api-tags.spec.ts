import { expect, test } from "@playwright/test";
import { createApi } from "../lib/apis";
import { makeUser, unique } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl } from "./stack";
import { openTab } from "./tabs";

test("a creator tags an API on Basic Info; a developer finds it by that tag, searching or browsing", async ({ page }) => {
  const creator = await makeUser(["ADMIN"]);
  const name = unique("Prices");
  const tag = unique("market").toLowerCase();
  const api = await createApi(creator, { name, context: `/${name.toLowerCase()}`, version: "1.0", endpoint: echoUrl, plans: ["Gold"], publish: true });

  await signIn(page, creator.username, "secret");
  await page.goto(`/publisher/apis/${api.id}`);
  await openTab(page, "Basic Info");
  await expect(page).toHaveURL(/\/info$/);
  await page.getByLabel("Description").fill("Live market prices, one message per tick.");

  // A tag with a character tags cannot hold is named at the field, and nothing is saved.
  const tags = page.getByLabel("Tags");
  await tags.fill("bad/tag");
  await tags.press("Enter");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText('"bad/tag" is not a tag')).toBeVisible();
  // The chip's cross removes it.
  await page.getByRole("button", { name: "bad/tag" }).locator("svg").click();
  await expect(page.getByRole("button", { name: "bad/tag" })).toHaveCount(0);

  // Enter and a comma each add a tag; case folds.
  await tags.fill(tag.toUpperCase());
  await tags.press("Enter");
  await tags.pressSequentially("streaming,");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Basic info saved")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: tag, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "streaming", exact: true })).toBeVisible();

  // The Developer Portal: search by the tag, then browse by it from the API's page.
  await page.goto("/devportal/apis");
  await page.getByLabel("Search APIs").fill(tag);
  await page.getByRole("button", { name: "Search" }).click();
  const card = page.getByRole("link", { name: new RegExp(name) });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(`#${tag}`);
  await expect(card).toContainText("Live market prices");
  await card.click();
  await page.getByRole("link", { name: `#${tag}` }).click();
  await expect(page).toHaveURL(new RegExp(`/devportal/apis\\?tag=${tag}$`));
  await expect(page.getByRole("navigation", { name: "Tags" }).getByRole("link", { name: `${tag} (1)` })).toHaveAttribute("aria-current", "true");
  await expect(page.getByRole("link", { name: new RegExp(name) })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 2 })).toHaveCount(1);
});

test("a publisher without the creator role reads Basic Info but cannot change it", async ({ page }) => {
  const creator = await makeUser(["CREATOR"]);
  const name = unique("Quotes");
  const api = await createApi(creator, { name, context: `/${name.toLowerCase()}`, version: "1.0", description: "Quotes", tags: ["finance"] });
  const publisher = await makeUser(["PUBLISHER"]);

  await signIn(page, publisher.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/info`);
  await expect(page.getByLabel("Tags")).toHaveValue("finance");
  await expect(page.getByLabel("Description")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
});
