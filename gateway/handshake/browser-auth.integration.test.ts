// Browsers cannot set Authorization on a WebSocket: the token may come as a subprotocol,
// `duplex.bearer.<token>` beside the marker `duplex.bearer`. The backend never sees either.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { changeConfig, open, openOk, recordingBackend, roundTrip, servedApi, testGateway, type RecordingBackend } from "../testing/harness";

let gateway: Awaited<ReturnType<typeof testGateway>>;
let backend: RecordingBackend;

beforeAll(async () => {
  gateway = await testGateway();
  backend = await recordingBackend({ handleProtocols: (offered) => (offered.has("chat.v1") ? "chat.v1" : false) });
});

afterAll(async () => {
  await gateway?.close();
  await backend?.close();
});

describe("the Sec-WebSocket-Protocol form", () => {
  it("accepts the token as duplex.bearer.<token> and answers duplex.bearer when the backend chooses none", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { protocols: ["duplex.bearer", `duplex.bearer.${served.token}`] });
    expect(ws.protocol).toBe("duplex.bearer");
    expect(backend.requests.at(-1)!.headers["sec-websocket-protocol"]).toBeUndefined();
    expect((await roundTrip(ws, "hi")).data.toString()).toBe("hi");
    ws.close();
  });

  it("offers the backend only the client's other subprotocols, and answers with its choice", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { protocols: ["chat.v1", "duplex.bearer", `duplex.bearer.${served.token}`] });
    expect(ws.protocol).toBe("chat.v1");
    expect(backend.requests.at(-1)!.headers["sec-websocket-protocol"]).toBe("chat.v1");
    ws.close();
  });

  it("refuses an invalid token in the subprotocol with 401, and a token sent two ways with 400", async () => {
    const served = await servedApi(gateway, backend.url);
    expect(await open(served.url, { protocols: ["duplex.bearer", "duplex.bearer.nope"] })).toMatchObject({ opened: false, status: 401, body: { error: "invalid_token" } });
    expect(await open(served.url, { token: served.token, protocols: ["duplex.bearer", `duplex.bearer.${served.token}`] })).toMatchObject({
      opened: false,
      status: 400,
      body: { error: "invalid_request" },
    });
  });
});

describe("the default version", () => {
  it("is served at the bare context as well as at its versioned path", async () => {
    const served = await servedApi(gateway, backend.url);
    const api = await db.api.findUniqueOrThrow({ where: { id: served.api.id } });
    await changeConfig("api", (tx) => tx.api.update({ where: { id: api.id }, data: { isDefaultVersion: true } }));
    await gateway.store.until((s) => s.routes.get(api.context)?.id === api.id);
    const ws = await openOk(`${gateway.url}${api.context}/rooms/1`, { token: served.token });
    expect(backend.requests.at(-1)!.url).toBe("/rooms/1");
    ws.close();
    const versioned = await openOk(served.url, { token: served.token });
    versioned.close();
  });
});
