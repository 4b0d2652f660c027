// `npm run screenshots`: every page of both portals, as a person sees it, saved as PNGs under
// .data/screenshots/ to look at. Run it against a running stack (`npm start`) and that stack's
// database: it adds a tagged, published API with topics and a subscribed application first.
//   DATABASE_URL=... SCREENSHOT_URL=http://localhost:3000 SCREENSHOT_GATEWAY_URL=ws://localhost:9099 npm run screenshots
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { chromium, type Page } from "@playwright/test";
import WebSocket from "ws";
import { gatewayPath } from "../lib/gateway-urls";
import { createApi } from "../lib/apis";
import { updateApiInfo } from "../lib/api-info";
import { db } from "../lib/db";
import { deployApi } from "../lib/deployments";
import { generateKeys } from "../lib/keys";
import { subscribe } from "../lib/subscriptions";
import { saveTopics } from "../lib/topics";
import { makeUser, unique } from "../lib/testing/fixtures";
import { repoRoot } from "./processes";

const base = process.env.SCREENSHOT_URL ?? "http://localhost:3000";
const echo = process.env.SCREENSHOT_ECHO_URL ?? "ws://localhost:7070";
const out = join(repoRoot, ".data", "screenshots");
mkdirSync(out, { recursive: true });

const admin = await makeUser(["ADMIN"]);
const name = unique("StockTicker");
const api = await createApi(admin, {
  name,
  context: `/${name.toLowerCase()}`,
  version: "1.0",
  endpoint: echo,
  sandboxEndpoint: echo,
  plans: ["Gold", "Silver"],
  description: "Live prices for every listed symbol: subscribe to a symbol's ticks, publish orders.",
  tags: ["markets", "streaming"],
  publish: true,
});
await saveTopics(admin, api.id, [
  { name: "/ticks/{symbol}", publish: false, subscribe: true, urlMapping: "/prices/{symbol}", description: "Every price change of one symbol." },
  { name: "/orders", publish: true, subscribe: true, urlMapping: "", description: "Place orders and hear their fills." },
]);
// Deployed, as a publisher would, so the Developer Portal describes these topics.
await deployApi(admin, { apiId: api.id, environments: ["Production"], description: "Ticks and orders" });
await updateApiInfo(admin, api.id, { description: api.description, tags: ["markets", "streaming", "finance"] });
const developer = await makeUser(["SUBSCRIBER"]);
const app = await db.application.findFirstOrThrow({ where: { ownerId: developer.id } });
await subscribe(developer, { applicationId: app.id, apiId: api.id, planName: "Gold" });
const keys = await generateKeys(developer, { applicationId: app.id, keyType: "PRODUCTION" });

// Some traffic for the Usage page: a token from the portal, twenty round trips, and a wait
// for the gateway's next usage write.
const gateway = process.env.SCREENSHOT_GATEWAY_URL ?? "ws://localhost:9099";
const issued = await fetch(`${base}/oauth2/token`, {
  method: "POST",
  headers: { Authorization: `Basic ${Buffer.from(`${keys.consumerKey}:${keys.consumerSecret}`).toString("base64")}` },
  body: new URLSearchParams({ grant_type: "client_credentials" }),
});
const { access_token: token } = (await issued.json()) as { access_token: string };
const socket = new WebSocket(`${gateway}${gatewayPath(api)}/orders`, { headers: { Authorization: `Bearer ${token}` } });
await once(socket, "open");
for (let i = 0; i < 20; i++) {
  socket.send(JSON.stringify({ symbol: "ACME", qty: i + 1 }));
  await once(socket, "message");
}
socket.close();
await delay(11_000);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--headless"] });

async function signedIn(username: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${base}/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("secret");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

async function shoot(page: Page, path: string, file: string) {
  await page.goto(`${base}${path}`);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: join(out, `${file}.png`), fullPage: true });
  console.log(`${file}.png  ${path}`);
}

const signedOut = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await shoot(signedOut, "/login", "00-sign-in");
await shoot(signedOut, "/signup", "01-sign-up");
await shoot(signedOut, "/devportal/apis", "10-devportal-catalogue-signed-out");

const publisher = await signedIn(admin.username);
const apiBase = `/publisher/apis/${api.id}`;
for (const [path, file] of [
  ["/publisher/apis", "20-publisher-apis"],
  ["/publisher/apis/create/websocket", "21-publisher-create"],
  ["/publisher/apis/create/websocket/guided", "22-publisher-create-guided"],
  ["/publisher/apis/create/asyncapi", "23-publisher-import-asyncapi"],
  [apiBase, "24-publisher-overview"],
  [`${apiBase}/info`, "25-publisher-basic-info"],
  [`${apiBase}/topics`, "26-publisher-topics"],
  [`${apiBase}/endpoints`, "27-publisher-endpoints"],
  [`${apiBase}/plans`, "28-publisher-plans"],
  [`${apiBase}/lifecycle`, "29-publisher-lifecycle"],
  [`${apiBase}/deployments`, "30-publisher-deployments"],
  [`${apiBase}/versions`, "31-publisher-versions"],
  [`${apiBase}/asyncapi`, "32-publisher-asyncapi"],
  [`${apiBase}/usage?window=1h`, "33-publisher-usage"],
] as const) await shoot(publisher, path, file);

const portal = await signedIn(developer.username);
for (const [path, file] of [
  ["/devportal/apis", "40-devportal-catalogue"],
  ["/devportal/apis?tag=markets", "41-devportal-catalogue-by-tag"],
  [`/devportal/apis/${api.id}`, "42-devportal-api"],
  [`/devportal/apis/${api.id}/documentation`, "43-devportal-documentation"],
  [`/devportal/apis/${api.id}/try-it`, "44-devportal-try-it"],
  ["/devportal/applications", "45-devportal-applications"],
  [`/devportal/applications/${app.id}`, "46-devportal-application"],
  [`/devportal/applications/${app.id}/production-keys`, "47-devportal-production-keys"],
  [`/devportal/applications/${app.id}/sandbox-keys`, "48-devportal-sandbox-keys"],
] as const) await shoot(portal, path, file);

await browser.close();
await db.$disconnect();
console.log(`saved in ${out}`);
