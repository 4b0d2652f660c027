import { expect, test } from "@playwright/test";
import { makeUser } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("an unknown address answers 404 with a page in the portal's frame and a way back", async ({ page }) => {
  const response = await page.goto("/devportal/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByText("Nothing is at /devportal/no-such-page")).toBeVisible();
  await page.getByRole("link", { name: "Go to the Developer Portal" }).click();
  await expect(page).toHaveURL(/\/devportal(\/apis)?$/);
});

test("a creator opening an API that is not there gets the 404 inside the Publisher", async ({ page }) => {
  const creator = await makeUser(["CREATOR"], "creator-pass");
  await signIn(page, creator.username, "creator-pass");
  const response = await page.goto("/publisher/apis/no-such-api");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the Publisher" }).click();
  await expect(page).toHaveURL(/\/publisher/);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toHaveCount(0);
});

test("a publisher without the creator role gets 403 on Create API, with the reason", async ({ page }) => {
  const publisher = await makeUser(["PUBLISHER"], "publisher-pass");
  await signIn(page, publisher.username, "publisher-pass");
  const response = await page.goto("/publisher/apis/create/websocket");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You cannot open this page" })).toBeVisible();
  await expect(page.getByText(`Your account (${publisher.username}) does not have a role that may use this page`)).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveCount(0);
});
