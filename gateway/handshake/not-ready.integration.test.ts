// Before its first configuration snapshot a gateway knows no API, token or subscription:
// it says so with 503 `not_ready` rather than 404 or 401, and /readyz agrees. A request that
// is no handshake at all is told to upgrade (426) whatever the gateway has loaded.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startGateway, type Gateway } from "../server";
import { deadPort, open } from "../testing/harness";

let gateway: Gateway;

beforeAll(async () => {
  // A database nobody listens on: the first load never succeeds.
  gateway = await startGateway({ host: "127.0.0.1", port: 0, adminPort: 0, databaseUrl: `postgresql://postgres@127.0.0.1:${await deadPort()}/duplex` });
});

afterAll(() => gateway?.close());

it("refuses handshakes with 503 not_ready until the configuration is loaded", async () => {
  const outcome = await open(`ws://127.0.0.1:${gateway.port}/any/1.0`, { token: "whatever" });
  expect(outcome).toMatchObject({ opened: false, status: 503, body: { error: "not_ready" } });
  const readyz = await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`);
  expect(readyz.status).toBe(503);
});

it("answers a request that is not a WebSocket handshake with 426 and the protocol to upgrade to", async () => {
  const response = await fetch(`http://127.0.0.1:${gateway.port}/any/1.0`);
  expect(response.status).toBe(426);
  expect(response.headers.get("upgrade")).toBe("websocket");
  expect(await response.json()).toEqual({ error: "upgrade_required", message: "This is a WebSocket gateway: connect with a WebSocket client." });
});
