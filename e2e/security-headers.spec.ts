import { expect, test, type Page, type Response } from "@playwright/test";
import { db } from "../lib/db";
import { generateKeys } from "../lib/keys";
import { subscribe } from "../lib/subscriptions";
import { publishedApi } from "../lib/testing/fixtures";
import { signIn } from "./session";
import { echoUrl } from "./stack";

/** Every CSP violation the browser reports on the page, from the console and from the event. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy|CSP violation/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
  });
  return violations;
}

function expectSecurityHeaders(response: Response | null, what: string) {
  expect(response, what).not.toBeNull();
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "";
  expect(scriptSrc, what).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc, what).not.toContain("unsafe-inline");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("same-origin");
  expect(headers["permissions-policy"], what).toContain("camera=()");
  // Served over plain http here: no HSTS (browsers ignore it there anyway).
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

test("every Publisher and Developer Portal page loads under the Content-Security-Policy with no violation, its headers on each", async ({ page }) => {
  test.setTimeout(180_000);
  const violations = await watchViolations(page);
  const { admin, api } = await publishedApi(echoUrl);
  const app = await db.application.findFirstOrThrow({ where: { ownerId: admin.id } });
  await subscribe(admin, { applicationId: app.id, apiId: api.id, planName: "Gold" });
  await generateKeys(admin, { applicationId: app.id, keyType: "PRODUCTION" });

  for (const path of ["/login", "/signup"]) {
    expectSecurityHeaders(await page.goto(path), path);
    await expect(page.getByRole("button", { name: path === "/login" ? "Sign in" : "Sign up" })).toBeVisible();
  }
  await signIn(page, admin.username, "secret");

  const pages = [
    "/publisher/apis",
    "/publisher/apis/create/websocket",
    "/publisher/apis/create/websocket/guided",
    "/publisher/apis/create/asyncapi",
    ...["", "/info", "/topics", "/endpoints", "/asyncapi", "/plans", "/lifecycle", "/deployments", "/versions", "/usage"].map((tab) => `/publisher/apis/${api.id}${tab}`),
    "/devportal",
    "/devportal/apis",
    ...["", "/documentation", "/try-it"].map((tab) => `/devportal/apis/${api.id}${tab}`),
    "/devportal/applications",
    ...["", "/production-keys", "/sandbox-keys"].map((tab) => `/devportal/applications/${app.id}${tab}`),
  ];
  for (const path of pages) {
    expectSecurityHeaders(await page.goto(path), path);
    await expect(page.getByRole("heading").first()).toBeVisible();
    // Styles and scripts the page adds once it runs (emotion, CodeMirror, charts) count too.
    await page.waitForLoadState("networkidle");
  }

  // Client-side work after hydration: a menu (emotion inserts its styles then) and the AsyncAPI editor.
  await page.goto("/publisher/apis");
  await page.getByRole("button", { name: "Create API" }).first().click();
  await expect(page.getByRole("menuitem", { name: /WebSocket API/ })).toBeVisible();
  await page.goto(`/publisher/apis/${api.id}/asyncapi`);
  await expect(page.getByRole("textbox").first()).toBeVisible();

  expect(violations).toEqual([]);
});

test("route handlers send the security headers too", async ({ request }) => {
  for (const path of ["/oauth2/jwks", "/.well-known/openid-configuration", "/api/auth/csrf"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers()["x-frame-options"], path).toBe("DENY");
    expect(response.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
  const token = await request.post("/oauth2/token", { form: { grant_type: "client_credentials" } });
  expect(token.status()).toBe(401);
  expect(token.headers()["content-security-policy"]).toContain("default-src 'self'");
});
