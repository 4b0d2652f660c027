import { constants, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { inflatedSize } from "./inflated-size";

/** A message's compressed payload as held by the relay: its 4-byte tail gone, 4 spare bytes in its place. */
function held(data: Buffer): Buffer {
  return deflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH });
}

describe("inflatedSize", () => {
  it("says within up to exactly the bound, too-big one byte past it (zlib stops there), invalid for what does not inflate", () => {
    expect(inflatedSize(held(Buffer.alloc(1000, 1)), 1000)).toBe("within");
    expect(inflatedSize(held(Buffer.alloc(1001, 1)), 1000)).toBe("too-big");
    expect(inflatedSize(held(Buffer.alloc(64 * 1024 * 1024)), 1024 * 1024)).toBe("too-big");
    expect(inflatedSize(Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0, 0, 0, 0]), 1000)).toBe("invalid");
    expect(inflatedSize(held(Buffer.alloc(0)), 1000)).toBe("within");
  });
});
