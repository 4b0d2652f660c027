import { expect, test } from "@playwright/test";
import { makeUser } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("a subscriber signs in, gets a DefaultApplication, and cannot open the Publisher", async ({ page }) => {
  const subscriber = await makeUser(["SUBSCRIBER"], "s3cret-pass");

  await page.goto("/devportal/applications");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Username").fill(subscriber.username);
  await page.getByLabel("Password").fill("wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The username or password is not right.")).toBeVisible();
  await signIn(page, subscriber.username, "s3cret-pass");
  await expect(page.getByRole("link", { name: /DefaultApplication/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Publisher" })).toHaveCount(0);

  await page.goto("/publisher/apis");
  await expect(page.getByText("You cannot open the Publisher")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create API" })).toHaveCount(0);
  await page.goto("/publisher/apis/create/websocket");
  await expect(page.getByLabel("Name")).toHaveCount(0);
});
