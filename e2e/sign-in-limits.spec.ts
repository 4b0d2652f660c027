import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { makeUser, unique } from "../lib/testing/fixtures";
import { bin, repoRoot, spawnChild, stopChild, waitForPort, type Child } from "../scripts/processes";
import { portalUrl, secondPortalPort } from "./stack";

const lockout = "Too many failed sign-ins. Wait up to 15 minutes and try again.";

test("a person who mistypes their password five times is told to wait, and even the right password waits", async ({ page }) => {
  const user = await makeUser(["SUBSCRIBER"], "the-right-one");
  await page.goto("/login");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Username").fill(user.username);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("The username or password is not right.")).toBeVisible();
  }
  await page.getByLabel("Password").fill("the-right-one");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: lockout })).toBeVisible();
  await expect(page.getByText("The username or password is not right.")).toHaveCount(0);
  await expect(page).toHaveURL(/\/login/);
});

/** What next-auth's client does: a CSRF token, then the credentials callback. */
async function signInOver(api: APIRequestContext, username: string, password: string) {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return api.post("/api/auth/callback/credentials", { form: { username, password, csrfToken, json: "true", callbackUrl: "/devportal" } });
}

test.describe("the limit across two portal processes sharing the database", () => {
  let second: Child;
  const secondUrl = `http://localhost:${secondPortalPort}`;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    second = spawnChild("next-2", process.execPath, [bin("next"), "start", "-p", String(secondPortalPort)], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(secondPortalPort), NEXTAUTH_URL: secondUrl, PORTAL_URL: secondUrl, NEXT_TELEMETRY_DISABLED: "1" },
      quiet: true,
    });
    await waitForPort(secondPortalPort, 90_000, second);
  });

  test.afterAll(async () => {
    if (second) await stopChild(second);
  });

  test("failures on either process count together, for a real username and a made-up one alike", async () => {
    const [a, b] = await Promise.all([playwrightRequest.newContext({ baseURL: portalUrl }), playwrightRequest.newContext({ baseURL: secondUrl })]);
    const user = await makeUser(["SUBSCRIBER"], "the-right-one");
    const nobody = unique("nobody");

    for (const username of [user.username, nobody]) {
      for (const [portal, i] of [[a, 0], [b, 1], [a, 2], [b, 3], [a, 4]] as const) {
        const failed = await signInOver(portal, username, `wrong-${i}`);
        expect(failed.status()).toBe(401);
      }
      for (const portal of [a, b]) {
        const refused = await signInOver(portal, username, "the-right-one");
        expect(refused.status()).toBe(429);
        expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(14 * 60);
        const body = (await refused.json()) as { url: string; error: string; message: string };
        expect(body).toMatchObject({ error: "too_many_sign_ins", message: lockout });
        expect(new URL(body.url).searchParams.get("error")).toBe("TooManySignIns");
        expect(refused.headers()["set-cookie"] ?? "").not.toMatch(/session-token/);
      }
    }
    // A browser's form post is sent back to the sign-in page, which says why.
    const { csrfToken } = (await (await b.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const form = await b.post("/api/auth/callback/credentials", {
      form: { username: nobody, password: "x", csrfToken },
      headers: { Accept: "text/html" },
      maxRedirects: 0,
    });
    expect(form.status()).toBe(303);
    expect(form.headers()["location"]).toBe("/login?error=TooManySignIns");
    expect(await (await a.get("/login?error=TooManySignIns")).text()).toContain(lockout);

    await a.dispose();
    await b.dispose();
  });

  test("a sign-in body over 16 KiB is refused with 413 before anything reads it whole", async () => {
    const b = await playwrightRequest.newContext({ baseURL: secondUrl });
    const response = await b.post("/api/auth/callback/credentials", { form: { username: "x", password: "p".repeat(20_000) } });
    expect(response.status()).toBe(413);
    await b.dispose();
  });
});
