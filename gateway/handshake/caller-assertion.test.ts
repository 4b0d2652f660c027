// Which key signs the assertions: loaded once, loaded again when the signing keys change,
// retried after a failed load; and assertions reused while they have life left.
import { EventEmitter } from "node:events";
import { generateKeyPairSync } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import type { ApiRoute, ConfigSnapshot } from "../config/snapshot";
import type { ConfigStore } from "../config/store";
import type { Identity } from "./authenticate";
import { CallerAssertions } from "./caller-assertion";

const snapshotWith = (kids: string[]) => ({ signingKeyIds: new Set(kids) }) as unknown as ConfigSnapshot;
const api = { id: "api-1", name: "Echo", version: "1.0", path: "/echo/1.0" } as ApiRoute;
const identity = (jti: string, exp = Math.floor(Date.now() / 1000) + 3600): Identity => ({
  applicationId: "app-1",
  applicationName: "DefaultApplication",
  keyType: "PRODUCTION",
  claims: { iss: "i", sub: "u", jti, exp, iat: 0, client_id: "c", keytype: "PRODUCTION", application: { id: "app-1", name: "DefaultApplication", owner: "alice" } },
});

function fakeStore() {
  const store = new EventEmitter() as EventEmitter & { current?: ConfigSnapshot };
  return store;
}

describe("CallerAssertions", () => {
  it("signs with the key loaded at the first reload, and loads the key again when the signing keys change", async () => {
    const store = fakeStore();
    const loads: string[] = [];
    const load = async () => {
      const kid = `k${loads.length + 1}`;
      loads.push(kid);
      return { kid, privateKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey };
    };
    const assertions = new CallerAssertions(store as unknown as ConfigStore, "issuer", load);
    store.emit("reload", snapshotWith(["k1"]));
    const first = (await assertions.sign(identity("t1"), api)) as string;
    expect(decodeProtectedHeader(first).kid).toBe("k1");
    store.emit("reload", snapshotWith(["k1"]));
    expect(loads).toEqual(["k1"]);
    // The same token on the same API: the cached assertion.
    expect(await assertions.sign(identity("t1"), api)).toBe(first);

    store.emit("reload", snapshotWith(["k1", "k2"]));
    const second = (await assertions.sign(identity("t1"), api)) as string;
    expect(decodeProtectedHeader(second).kid).toBe("k2");
    expect(loads).toEqual(["k1", "k2"]);
  });

  it("is shared by an application's tokens, but never by one that expires before it", async () => {
    const store = fakeStore();
    const key = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const assertions = new CallerAssertions(store as unknown as ConfigStore, "issuer", async () => ({ kid: "k", privateKey: key }));
    store.emit("reload", snapshotWith(["k"]));
    const sign = async (who: Identity) => (await assertions.sign(who, api)) as string;
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    const first = await sign(identity("t1", inAnHour));
    // Another token of the same application, living as long or longer: the same assertion.
    expect(await sign(identity("t2", inAnHour + 60))).toBe(first);
    // One that expires in 90 s: the shared one would outlive it, so it gets its own.
    const short = await sign(identity("t3", inAnHour - 3600 + 90));
    expect(short).not.toBe(first);
    expect(decodeJwt(short).exp).toBe(inAnHour - 3600 + 90);
    // Another application is another caller.
    const other = { ...identity("t4", inAnHour), applicationId: "app-2" };
    const theirs = await sign(other);
    expect(theirs).not.toBe(first);
    expect(decodeJwt(theirs).application).toEqual({ id: "app-2", name: "DefaultApplication" });
  });

  it("never outlives the access token, and answers 503 while the key cannot be loaded", async () => {
    const store = fakeStore();
    let fail = true;
    const key = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const assertions = new CallerAssertions(store as unknown as ConfigStore, "issuer", async () => {
      if (fail) throw new Error("database away");
      return { kid: "k", privateKey: key };
    });
    store.emit("reload", snapshotWith(["k"]));
    expect(await assertions.sign(identity("t"), api)).toMatchObject({ status: 503, error: "not_ready" });
    fail = false;
    const exp = Math.floor(Date.now() / 1000) + 30;
    const jwt = (await assertions.sign(identity("t", exp), api)) as string;
    expect(decodeJwt(jwt)).toMatchObject({ exp, aud: "api-1", sub: "alice", keytype: "PRODUCTION" });
  });
});
