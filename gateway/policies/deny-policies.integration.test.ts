// Admin → Deny policies at a real gateway: a new handshake that a policy matches gets 403
// `blocked`; an open connection that a new or re-enabled policy matches closes with 1008; a
// disabled policy blocks nothing. Policies are platform-wide and this file shares its database
// with others: each names only what this file made (its APIs, applications, users), or a
// client address that only a gateway trusting 127.0.0.1 as a proxy ever sees.
import { describe, expect, it } from "vitest";
import { createDenyPolicy, updateDenyPolicy } from "../../lib/deny-policies";
import { parseIpRangeList } from "../../lib/ip-ranges";
import { makeUser } from "../../lib/testing/fixtures";
import { closed, gatewayWithBackend, open, openOk, roundTrip, servedApi, testGateway } from "../testing/harness";
import type { DenyCheck } from "../../lib/deny-policy-matcher";
import type { Gateway } from "../server";

const { gateway, backend } = gatewayWithBackend();

/** Resolves once the gateway's snapshot has the policy: the change has landed. */
const landed = (g: Gateway, check: DenyCheck, policy: { id: string }) => g.store.until((s) => s.denyPolicies.match(check)?.id === policy.id);

describe("deny policies at the gateway", () => {
  it("refuses a handshake to a blocked API context with 403 blocked, and admits it once the policy is disabled", async () => {
    const served = await servedApi(gateway, backend.url);
    const admin = await makeUser(["ADMIN"]);
    const policy = await createDenyPolicy(admin, { type: "API_CONTEXT", value: served.api.context, description: "abuse" });
    await landed(gateway, { apiContext: served.api.context }, policy);
    const refused = await open(served.url, { token: served.token });
    expect(refused).toMatchObject({ opened: false, status: 403, body: { error: "blocked", message: "A deny policy blocks this API." } });

    await updateDenyPolicy(admin, policy.id, { enabled: false });
    await gateway.store.until((s) => s.denyPolicies.match({ apiContext: served.api.context }) === null);
    const ws = await openOk(served.url, { token: served.token });
    expect((await roundTrip(ws, "through")).data.toString()).toBe("through");
    ws.close();
  });

  it("closes an open connection with 1008 when a policy on its application is created, and refuses it anew", async () => {
    const served = await servedApi(gateway, backend.url);
    const ws = await openOk(served.url, { token: served.token });
    const clientClosed = closed(ws);
    const admin = await makeUser(["ADMIN"]);
    await createDenyPolicy(admin, { type: "APPLICATION", value: served.app.id });
    expect(await clientClosed).toEqual({ code: 1008, reason: "Blocked by a deny policy." });
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 403, body: { error: "blocked", message: "A deny policy blocks this application." } });
  });

  it("closes the connections of a user when a disabled policy on them is enabled again", async () => {
    const served = await servedApi(gateway, backend.url);
    const admin = await makeUser(["ADMIN"]);
    const policy = await createDenyPolicy(admin, { type: "USER", value: served.user.username, enabled: false });
    const ws = await openOk(served.url, { token: served.token });
    const clientClosed = closed(ws);
    await updateDenyPolicy(admin, policy.id, { enabled: true });
    expect(await clientClosed).toEqual({ code: 1008, reason: "Blocked by a deny policy." });
    expect(await open(served.url, { token: served.token })).toMatchObject({ opened: false, status: 403, body: { error: "blocked", message: "A deny policy blocks this application's owner." } });
  });
});

describe("deny policies by client address", () => {
  // 127.0.0.1 as a trusted proxy: the test's X-Forwarded-For names the client. Addresses from
  // the documentation ranges (RFC 5737, RFC 3849), which no test client really has.
  it("blocks an IPv4 range and an IPv6 range as trusted proxies report the client, and closes an open connection from it", async () => {
    const proxies = parseIpRangeList("127.0.0.1");
    const trusting = await testGateway({ trustedProxies: proxies.ok ? proxies.ranges : [] });
    try {
      const served = await servedApi(trusting, backend.url);
      const admin = await makeUser(["ADMIN"]);
      const v4 = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
      const ws = await openOk(served.url, { token: served.token, headers: { "X-Forwarded-For": `${v4}, 127.0.0.1` } });
      const clientClosed = closed(ws);
      const range = await createDenyPolicy(admin, { type: "IP_RANGE", value: `${v4}/32` });
      expect(await clientClosed).toEqual({ code: 1008, reason: "Blocked by a deny policy." });
      expect(await open(served.url, { token: served.token, headers: { "X-Forwarded-For": v4 } })).toMatchObject({
        opened: false,
        status: 403,
        body: { error: "blocked", message: "A deny policy blocks connections from this client address." },
      });
      // Another client behind the same proxy is not that address.
      (await openOk(served.url, { token: served.token, headers: { "X-Forwarded-For": "192.0.2.200" } })).close();

      const v6 = await createDenyPolicy(admin, { type: "IP_RANGE", value: `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}::/48` });
      const inside = v6.value.replace("::/48", "::7");
      await landed(trusting, { clientAddress: inside }, v6);
      expect(await open(served.url, { token: served.token, headers: { "X-Forwarded-For": inside } })).toMatchObject({ opened: false, status: 403, body: { error: "blocked" } });

      // A gateway that trusts no proxy ignores the header: the client is 127.0.0.1, not blocked.
      const direct = await servedApi(gateway, backend.url);
      await landed(gateway, { clientAddress: v4 }, range);
      (await openOk(direct.url, { token: direct.token, headers: { "X-Forwarded-For": v4 } })).close();
    } finally {
      await trusting.close();
    }
  });
});
