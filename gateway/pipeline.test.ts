// The pipeline's own rules, with stages made for the test: what reserving stages took is given
// back in reverse when a later one refuses (or throws), and a refusal by what the snapshot says
// is looked at again, once, on the snapshot the reloads under way bring.
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import type { ConfigSnapshot } from "./config/snapshot";
import { refusal } from "./handshake/refuse";
import type { RequestHead } from "./handshake/request-head";
import { check, clientGone, Reserved, stage } from "./handshake/stage";
import { Handshake, pipelineOf, type PipelineGateway } from "./pipeline";

const older = { name: "older" } as unknown as ConfigSnapshot;
const newer = { name: "newer" } as unknown as ConfigSnapshot;

function handshakeOn(settled: ConfigSnapshot | undefined = older) {
  const settles: number[] = [];
  const gateway = {
    stopping: false,
    store: {
      current: older,
      settled: async (ms: number) => {
        settles.push(ms);
        return settled;
      },
    },
  } as unknown as PipelineGateway;
  const h = new Handshake({ gateway, request: { method: "GET", url: "/", headers: {}, upgrade: true } as RequestHead, socket: {} as Socket, head: Buffer.alloc(0) });
  return { h, settles };
}

const snapshotStage = stage("snapshot", () => older);

describe("the handshake pipeline", () => {
  it("gives back what earlier stages reserved, in reverse order, when a later stage refuses", async () => {
    const released: string[] = [];
    const admit = pipelineOf([
      snapshotStage,
      stage("limitsKey", () => new Reserved("key", () => released.push("place"))),
      stage("gate", () => new Reserved(undefined, () => released.push("bucket"))),
      check(() => refusal(502, "backend_unavailable", "down")),
    ]);
    const { h } = handshakeOn();
    expect(await admit(h)).toMatchObject({ status: 502, error: "backend_unavailable" });
    expect(released).toEqual(["bucket", "place"]);
    expect(h.releases).toEqual([]);
  });

  it("keeps what the stages found and reserved when all pass, for the connection to give back when it ends", async () => {
    const released: string[] = [];
    const admit = pipelineOf([snapshotStage, stage("limitsKey", async () => new Reserved("app api", () => released.push("place"))), stage("assertion", () => "jwt")]);
    const { h } = handshakeOn();
    expect(await admit(h)).toBe(h);
    expect({ limitsKey: h.limitsKey, assertion: h.assertion }).toEqual({ limitsKey: "app api", assertion: "jwt" });
    expect(released).toEqual([]);
    h.releases.forEach((release) => release());
    expect(released).toEqual(["place"]);
  });

  it("gives back what was reserved when a stage throws, and throws on", async () => {
    const released: string[] = [];
    const admit = pipelineOf([
      snapshotStage,
      stage("limitsKey", () => new Reserved("key", () => released.push("place"))),
      stage("gate", async () => {
        throw new Error("Redis gone");
      }),
    ]);
    await expect(admit(handshakeOn().h)).rejects.toThrow("Redis gone");
    expect(released).toEqual(["place"]);
  });

  it("ends at a client gone, giving back what was reserved", async () => {
    const released: string[] = [];
    const admit = pipelineOf([snapshotStage, stage("limitsKey", () => new Reserved("key", () => released.push("place"))), check(() => clientGone)]);
    expect(await admit(handshakeOn().h)).toBe(clientGone);
    expect(released).toEqual(["place"]);
  });

  it("looks again, once, on the newer snapshot the reloads under way bring before refusing by what a snapshot says", async () => {
    const seen: string[] = [];
    const admit = pipelineOf([
      snapshotStage,
      check((h: { snapshot: ConfigSnapshot }) => {
        seen.push(`route on ${(h.snapshot as unknown as { name: string }).name}`);
        return undefined;
      }, { readsSnapshot: true }),
      check((h: { snapshot: ConfigSnapshot }) => (h.snapshot === newer ? undefined : refusal(403, "not_subscribed", "no")), { readsSnapshot: true }),
    ]);
    const { h, settles } = handshakeOn(newer);
    expect(await admit(h)).toBe(h);
    expect(seen).toEqual(["route on older", "route on newer"]);
    expect(settles).toEqual([2000]);
  });

  it("refuses at once when the reloads bring nothing newer, after a 503, and after looking again once", async () => {
    const refuseAlways = check(() => refusal(403, "not_subscribed", "no"), { readsSnapshot: true });
    const same = handshakeOn(older);
    expect(await pipelineOf([snapshotStage, refuseAlways])(same.h)).toMatchObject({ error: "not_subscribed" });
    expect(same.settles).toEqual([2000]);

    const unavailable = handshakeOn(newer);
    const notReady = check(() => refusal(503, "not_ready", "later"), { readsSnapshot: true });
    expect(await pipelineOf([snapshotStage, notReady])(unavailable.h)).toMatchObject({ error: "not_ready" });
    expect(unavailable.settles).toEqual([]);

    const twice = handshakeOn(newer);
    expect(await pipelineOf([snapshotStage, refuseAlways])(twice.h)).toMatchObject({ error: "not_subscribed" });
    expect(twice.settles).toEqual([2000]);
  });
});
