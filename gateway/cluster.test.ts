import { describe, expect, it } from "vitest";
import { restartDelayMs } from "./cluster";

describe("restartDelayMs", () => {
  it("replaces the first worker to die young at once, then doubles from 500 ms up to 10 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(restartDelayMs)).toEqual([0, 0, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
