// Sign out ends the session on the server: a copy of the cookie taken before it no longer
// signs anyone in. The user's other browser stays signed in: only that session ended.
import { expect, test } from "@playwright/test";
import { makeUser } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("after Sign out, a session cookie copied before it is refused; the user's other session still holds", async ({ page, browser }) => {
  const user = await makeUser(["SUBSCRIBER"]);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, user.username, "secret");

  await signIn(page, user.username, "secret");
  await page.goto("/devportal/applications");
  await expect(page.getByRole("heading", { name: "Applications" })).toBeVisible();
  const copied = await page.context().cookies();

  await page.getByRole("button", { name: `Account of ${user.username}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  const replay = await browser.newContext();
  await replay.addCookies(copied);
  const replayed = await replay.newPage();
  await replayed.goto("/devportal/applications");
  await expect(replayed).toHaveURL(/\/login\?callbackUrl=%2Fdevportal%2Fapplications/);
  await expect(replayed.getByRole("button", { name: "Sign in" })).toBeVisible();

  await otherPage.goto("/devportal/applications");
  await expect(otherPage.getByRole("heading", { name: "Applications" })).toBeVisible();
  await Promise.all([other.close(), replay.close()]);
});
