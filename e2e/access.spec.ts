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

  const refused = await page.goto("/publisher/apis");
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You cannot open the Publisher" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create API" })).toHaveCount(0);
  await page.goto("/publisher/apis/create/websocket");
  await expect(page.getByLabel("Name")).toHaveCount(0);
});

test("a signed-out visitor of a Publisher page or an application is sent to sign in with a 307, and comes back to that page", async ({ page, request }) => {
  for (const path of ["/publisher/apis/some-api/lifecycle?page=2", "/devportal/applications/some-app/production-keys"]) {
    const answer = await request.get(path, { maxRedirects: 0 });
    expect(answer.status()).toBe(307);
    const signIn = new URL(answer.headers()["location"], "http://portal");
    expect(signIn.pathname).toBe("/login");
    expect(signIn.searchParams.get("callbackUrl")).toBe(path);
    expect(answer.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  }
  const developer = await makeUser(["SUBSCRIBER"], "s3cret-pass");
  await page.goto("/devportal/applications");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdevportal%2Fapplications$/);
  await signIn(page, developer.username, "s3cret-pass");
  await expect(page).toHaveURL(/\/devportal\/applications$/);
});
