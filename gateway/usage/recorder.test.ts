import { describe, expect, it } from "vitest";
import type { UsageDelta } from "../../lib/usage";
import type { Relay } from "../relay/relay";
import { UsageRecorder } from "./recorder";

describe("UsageRecorder", () => {
  it("writes a minute that holds only bytes (a message's later fragments), not only one with messages", async () => {
    const written: UsageDelta[][] = [];
    const recorder = new UsageRecorder(60_000, async (batch) => void written.push(batch.map((r) => ({ ...r }))));
    const relay = { messagesIn: 1, messagesOut: 0, bytesIn: 100, bytesOut: 0, throttled: 0 } as Relay;
    recorder.opened(relay, "api", "app");
    await recorder.flush();
    relay.bytesIn = 300; // more fragments of the same message
    await recorder.flush();
    await recorder.close();
    expect(written.map((batch) => batch.map((r) => [r.messagesIn, r.bytesIn]))).toEqual([[[1, 100]], [[0, 200]]]);
  });
});
