// A handshake under way when the gateway stops is refused with 503 `gateway_stopping`: the
// client learns the gateway is going away, not that the API's backend failed.
import { once } from "node:events";
import { afterAll, expect, it } from "vitest";
import { open, servedApi, silentServer, testGateway } from "../testing/harness";

const silent = await silentServer();
afterAll(() => silent.close());

it("refuses a handshake waiting on its backend with 503 gateway_stopping when the gateway stops", async () => {
  const gateway = await testGateway();
  const served = await servedApi(gateway, `ws://127.0.0.1:${silent.port}`);
  const reachedBackend = once(silent.server, "connection");
  const outcome = open(served.url, { token: served.token });
  // The backend has the gateway's connection and never answers: the handshake is waiting on it.
  await reachedBackend;
  await gateway.close();
  expect(await outcome).toMatchObject({
    opened: false,
    status: 503,
    body: { error: "gateway_stopping", message: "The gateway is shutting down." },
  });
});
