// Signing in must not wait for the page's script: on a slow connection it may take long to come,
// and the form is a plain post that the script only enhances.
import { expect, test } from "@playwright/test";
import { makeUser } from "../lib/testing/fixtures";

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("a developer signs in with a plain form post and lands where they were going; a wrong password says so", async ({ page }) => {
    const user = await makeUser(["SUBSCRIBER"], "plain-form-pass");
    await page.goto("/login?callbackUrl=%2Fdevportal%2Fapplications");
    await page.getByLabel("Username").fill(user.username);
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("The username or password is not right.")).toBeVisible();

    await page.getByLabel("Username").fill(user.username);
    await page.getByLabel("Password").fill("plain-form-pass");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/devportal\/applications$/);
    // Signed in: the session is this user's. (Without a script a page's streamed content stays behind its loading skeleton.)
    expect(await (await page.request.get("/api/auth/session")).json()).toMatchObject({ userId: user.id });
  });

  test("a forged sign-in post (no CSRF token) signs nobody in", async ({ page }) => {
    const user = await makeUser(["SUBSCRIBER"], "forged-pass");
    const response = await page.request.post("/api/auth/callback/credentials", {
      form: { username: user.username, password: "forged-pass", callbackUrl: "/devportal/applications" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    expect(response.headers()["location"]).toContain("csrf=true");
    expect(response.headers()["set-cookie"] ?? "").not.toContain("session-token");
  });
});

test("on a slow connection (400 ms, 200 KB/s) the Sign in button works at once", async ({ page }) => {
  const user = await makeUser(["SUBSCRIBER"], "slow-link-pass");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 400, downloadThroughput: 200 * 1024, uploadThroughput: 200 * 1024 });
  await page.goto("/login?callbackUrl=%2Fdevportal%2Fapplications", { waitUntil: "commit" });
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill("slow-link-pass");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devportal\/applications/, { timeout: 45_000 });
  await expect(page.getByRole("link", { name: /DefaultApplication/ })).toBeVisible({ timeout: 45_000 });
});
