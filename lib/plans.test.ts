import { describe, expect, it } from "vitest";
import { bandwidthBytes, describePlanLimit, throttleActionOf, ZCreatePlan } from "./plans";

describe("describePlanLimit", () => {
  it("says unlimited when there is no event count", () => {
    expect(describePlanLimit({ eventCount: null, timeUnit: "MINUTE" })).toBe("Unlimited events");
  });

  it("says the count with thousands separators and the time unit", () => {
    expect(describePlanLimit({ eventCount: 5000, timeUnit: "MINUTE" })).toBe("5,000 events per minute");
    expect(describePlanLimit({ eventCount: 1_000_000, timeUnit: "DAY" })).toBe("1,000,000 events per day");
    expect(describePlanLimit({ eventCount: 10, timeUnit: "SECOND" })).toBe("10 events per second");
  });

  it("keeps a zero limit a limit, not unlimited", () => {
    expect(describePlanLimit({ eventCount: 0, timeUnit: "HOUR" })).toBe("0 events per hour");
  });
});

describe("describePlanLimit with burst control and bandwidth", () => {
  it("adds the burst and the bandwidth after the events", () => {
    expect(describePlanLimit({ eventCount: 5000, timeUnit: "MINUTE", burstLimit: 100, burstTimeUnit: "SECOND" })).toBe("5,000 events per minute, at most 100 per second");
    expect(describePlanLimit({ eventCount: null, timeUnit: "MINUTE", bandwidthAmount: 10, bandwidthDataUnit: "MB", bandwidthTimeUnit: "HOUR" })).toBe("Unlimited events, 10 MB per hour");
  });
});

describe("ZCreatePlan", () => {
  const base = { name: "Platinum", eventCount: 6000, timeUnit: "MINUTE" as const };
  const problems = (input: object) => ZCreatePlan.safeParse(input).error?.issues.map((i) => [i.path.join("."), i.message]);

  it("reads a form's empty fields as no limit, and numbers typed as text", () => {
    expect(ZCreatePlan.parse({ ...base, eventCount: "6000", maxConnections: "", burstLimit: "", burstTimeUnit: "", throttleAction: "" })).toMatchObject({
      eventCount: 6000,
      maxConnections: null,
      burstLimit: null,
      burstTimeUnit: null,
      throttleAction: null,
      requiresApproval: false,
    });
  });

  it("puts each mistake on its field", () => {
    expect(problems({ ...base, name: "has space" })).toEqual([["name", "Letters, digits, '_' and '-', starting with a letter or digit."]]);
    expect(problems({ ...base, eventCount: 0 })).toEqual([["eventCount", "The event count is at least 1."]]);
    expect(problems({ ...base, eventCount: 2.5 })).toEqual([["eventCount", "The event count is a whole number."]]);
    expect(problems({ ...base, burstLimit: 100 })).toEqual([["burstTimeUnit", "Burst control needs both a limit and its unit."]]);
    expect(problems({ ...base, burstLimit: 100, burstTimeUnit: "MINUTE" })).toEqual([["burstTimeUnit", "Burst control acts inside the plan's window: choose a unit shorter than a minute."]]);
    expect(problems({ ...base, burstLimit: 6000, burstTimeUnit: "SECOND" })).toEqual([["burstLimit", "The burst limit must be below the plan's 6,000 events, or it never applies."]]);
    expect(problems({ ...base, burstLimit: 10, burstTimeUnit: "HOUR" })).toEqual([["burstTimeUnit", "Choose second or minute."]]);
    expect(problems({ ...base, bandwidthAmount: 5, bandwidthDataUnit: "MB" })).toEqual([["bandwidthTimeUnit", "A bandwidth limit needs an amount, a data unit and a time unit."]]);
    expect(problems({ ...base, throttleAction: "THROW" })).toEqual([["throttleAction", "Choose drop or close."]]);
  });

  it("takes burst control without an event count, as a plain rate limit", () => {
    expect(ZCreatePlan.parse({ name: "Spiky", eventCount: null, burstLimit: 50, burstTimeUnit: "SECOND" })).toMatchObject({ eventCount: null, burstLimit: 50 });
  });
});

describe("what the gateway reads of a plan", () => {
  it("bandwidth in bytes, 1 KB being 1,024", () => {
    expect(bandwidthBytes({ bandwidthAmount: 3, bandwidthDataUnit: "KB" })).toBe(3072);
    expect(bandwidthBytes({ bandwidthAmount: 2, bandwidthDataUnit: "GB" })).toBe(2 * 1024 ** 3);
    expect(bandwidthBytes({ bandwidthAmount: null, bandwidthDataUnit: null })).toBeNull();
  });

  it("the plan's own throttle action, or the gateway's default", () => {
    expect(throttleActionOf({ throttleAction: "CLOSE" }, "drop")).toBe("close");
    expect(throttleActionOf({ throttleAction: "DROP" }, "close")).toBe("drop");
    expect(throttleActionOf({ throttleAction: null }, "close")).toBe("close");
    expect(throttleActionOf({}, "drop")).toBe("drop");
  });
});
