import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";
import { devGatewayPort, portalUrl, stack } from "./e2e/stack";

// The whole product runs as a user starts it (`npm start`), on a database of the test
// runner's (scripts/test.ts makes a fresh one and passes it as E2E_DATABASE_URL).
const databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl) throw new Error("E2E_DATABASE_URL is not set: run the e2e tests through `npm test`.");
process.env.DATABASE_URL = databaseUrl; // for specs that set up rows through lib/
// One secret for the stack and for a second portal process a spec starts (e2e/sign-in-limits.spec.ts).
process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString("base64url");

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: portalUrl,
    viewport: { width: 1400, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `${portalUrl}/devportal/apis`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
      PORT: String(stack.portalPort),
      GATEWAY_PORT: String(stack.gatewayPort),
      GATEWAY_DEV_PORT: String(devGatewayPort),
      ECHO_PORT: String(stack.echoPort),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
