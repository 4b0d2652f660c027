import { describe, expect, it } from "vitest";
import { buildSnapshot, type ConfigSnapshot } from "./snapshot";
import { ConfigStore } from "./store";

const emptySnapshot = (): ConfigSnapshot =>
  buildSnapshot({ apis: [], subscriptions: [], keys: [], revokedJtis: [], jwks: { keys: [] }, issuer: "http://issuer.test" });

/** A load the test finishes by hand. */
function manualLoads() {
  const waiting: { resolve: (s: ConfigSnapshot) => void; reject: (e: Error) => void }[] = [];
  return {
    waiting,
    load: () => new Promise<ConfigSnapshot>((resolve, reject) => waiting.push({ resolve, reject })),
  };
}

describe("ConfigStore", () => {
  it("runs at most one load and one more behind it, however many changes arrive", async () => {
    const loads = manualLoads();
    const store = new ConfigStore({ databaseUrl: "unused", load: loads.load });
    store.requestReload();
    store.requestReload();
    store.requestReload();
    expect(loads.waiting).toHaveLength(1);
    const first = emptySnapshot();
    const reloaded = store.nextReload();
    loads.waiting[0].resolve(first);
    expect(await reloaded).toBe(first);
    expect(store.current).toBe(first);
    expect(loads.waiting).toHaveLength(2);
    const second = emptySnapshot();
    loads.waiting[1].resolve(second);
    await store.until((s) => s === second);
    expect(loads.waiting).toHaveLength(2);
    await store.close();
  });

  it("keeps serving the last snapshot when a reload fails", async () => {
    const loads = manualLoads();
    const store = new ConfigStore({ databaseUrl: "unused", load: loads.load });
    store.requestReload();
    const first = emptySnapshot();
    loads.waiting[0].resolve(first);
    await store.ready;
    store.requestReload();
    const failed = new Promise((resolve) => store.once("reload-error", resolve));
    loads.waiting[1].reject(new Error("connection refused"));
    await failed;
    expect(store.current).toBe(first);
    await store.close();
  });

  it("settled() answers at once when no reload is under way, else after every asked-for reload", async () => {
    const loads = manualLoads();
    const store = new ConfigStore({ databaseUrl: "unused", load: loads.load });
    store.requestReload();
    const first = emptySnapshot();
    loads.waiting[0].resolve(first);
    await store.ready;
    expect(await store.settled(60_000)).toBe(first);

    store.requestReload();
    store.requestReload(); // a second change arrives while the first loads
    let settledWith: ConfigSnapshot | undefined;
    const settling = store.settled(60_000).then((s) => (settledWith = s));
    loads.waiting[1].resolve(emptySnapshot());
    await store.nextReload();
    expect(settledWith).toBeUndefined(); // the second reload is still to come
    const last = emptySnapshot();
    loads.waiting[2].resolve(last);
    await settling;
    expect(settledWith).toBe(last);
    await store.close();
  });

  it("settled() gives the current snapshot when the reload takes longer than the wait", async () => {
    const loads = manualLoads();
    const store = new ConfigStore({ databaseUrl: "unused", load: loads.load });
    store.requestReload();
    const first = emptySnapshot();
    loads.waiting[0].resolve(first);
    await store.ready;
    store.requestReload();
    expect(await store.settled(20)).toBe(first);
    loads.waiting[1].resolve(emptySnapshot()); // close() waits for the load under way
    await store.close();
  });

  it("closes only once the load in progress has finished: disconnecting under its transaction would hang", async () => {
    const loads = manualLoads();
    const store = new ConfigStore({ databaseUrl: "unused", load: loads.load });
    store.requestReload();
    let closed = false;
    const closing = store.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    loads.waiting[0].resolve(emptySnapshot());
    await closing;
    expect(closed).toBe(true);
  });
});
