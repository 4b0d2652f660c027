import { describe, expect, it } from "vitest";
import { describePlanLimit } from "./plans";

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
