import { describe, expect, it } from "vitest";
import { EndpointSuspensions } from "./suspension";

const settings = { initialDurationMs: 1000, factor: 2, maxDurationMs: 5000 };

describe("EndpointSuspensions", () => {
  it("suspends after a failure, doubling each time up to the maximum", () => {
    let now = 0;
    const s = new EndpointSuspensions(() => now);
    expect(s.failed("e", settings)).toBe(1000);
    expect(s.remainingMs("e")).toBe(1000);
    now = 400;
    expect(s.remainingMs("e")).toBe(600);
    now = 1000;
    expect(s.remainingMs("e")).toBe(0);
    expect([s.failed("e", settings), s.failed("e", settings), s.failed("e", settings), s.failed("e", settings)]).toEqual([2000, 4000, 5000, 5000]);
  });

  it("ends the suspension when a connect succeeds, so the next failure starts again from the initial duration", () => {
    const s = new EndpointSuspensions(() => 0);
    s.failed("e", settings);
    s.failed("e", settings);
    s.succeeded("e");
    expect(s.remainingMs("e")).toBe(0);
    expect(s.failed("e", settings)).toBe(1000);
  });

  it("never suspends an endpoint whose initial duration is 0", () => {
    const s = new EndpointSuspensions(() => 0);
    expect(s.failed("e", { ...settings, initialDurationMs: 0 })).toBe(0);
    expect(s.remainingMs("e")).toBe(0);
  });

  it("keeps endpoints apart", () => {
    const s = new EndpointSuspensions(() => 0);
    s.failed("a", settings);
    expect(s.remainingMs("b")).toBe(0);
  });
});
