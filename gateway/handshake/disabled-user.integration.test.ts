// Admin → Users → Disable at a real gateway: the user's applications' tokens are refused with
// 401 invalid_token (RFC 6750 §3.1: a token "invalid for other reasons"), their open
// connections close with 1008 once the change lands, and after Enable the same token works.
import { describe, expect, it } from "vitest";
import { disableUser, enableUser } from "../../lib/user-management";
import { closed, open, openOk, roundTrip, servedApi, gatewayWithBackend } from "../testing/harness";

const { gateway, backend } = gatewayWithBackend();

describe("a disabled user at the gateway", () => {
  it("closes the user's open connections with 1008, refuses their tokens with 401, and accepts them once enabled", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { token: served.token });
    const clientClosed = closed(ws);
    const backendClosed = closed(backend.sockets.at(-1)!);
    await disableUser(served.admin, served.user.id);
    expect(await clientClosed).toEqual({ code: 1008, reason: "The access token's user is disabled." });
    expect(await backendClosed).toEqual({ code: 1001, reason: "Client access ended" });

    const refused = await open(served.url, { token: served.token });
    expect(refused).toMatchObject({ opened: false, status: 401, body: { error: "invalid_token", message: "The access token's user is disabled." } });
    if (!refused.opened) expect(refused.headers["www-authenticate"]).toBe(`Bearer realm="duplex", error="invalid_token", error_description="The access token's user is disabled."`);

    await enableUser(served.admin, served.user.id);
    await gateway.store.until((s) => !s.disabledUsers.has(served.user.id));
    const again = await openOk(served.url, { token: served.token });
    expect((await roundTrip(again, "back")).data.toString()).toBe("back");
    again.close();
  });

  it("leaves the connections of other users open", async () => {
    const other = await servedApi(gateway, backend.url);
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(other.url, { token: other.token });
    await disableUser(served.admin, served.user.id);
    await gateway.store.until((s) => s.disabledUsers.has(served.user.id));
    expect((await roundTrip(ws, "still here")).data.toString()).toBe("still here");
    ws.close();
  });
});
