import { describe, expect, it } from "vitest";
import type { ApiStatus } from "../generated/prisma/enums";
import { allowedActions, publishRequirements, transitions } from "./lifecycle";

describe("the lifecycle transitions", () => {
  it.each<[ApiStatus, string, ApiStatus]>([
    ["CREATED", "Publish", "PUBLISHED"],
    ["CREATED", "Deploy as a Prototype", "PROTOTYPED"],
    ["PROTOTYPED", "Publish", "PUBLISHED"],
    ["PROTOTYPED", "Demote to Created", "CREATED"],
    ["PUBLISHED", "Block", "BLOCKED"],
    ["PUBLISHED", "Deprecate", "DEPRECATED"],
    ["PUBLISHED", "Demote to Created", "CREATED"],
    ["PUBLISHED", "Deploy as a Prototype", "PROTOTYPED"],
    ["BLOCKED", "Re-Publish", "PUBLISHED"],
    ["BLOCKED", "Deprecate", "DEPRECATED"],
    ["DEPRECATED", "Retire", "RETIRED"],
  ])("%s --%s--> %s", (from, action, to) => {
    expect(transitions[from][action as keyof (typeof transitions)[ApiStatus]]).toBe(to);
  });

  it("offers exactly WSO2's actions in each state", () => {
    expect(allowedActions("CREATED")).toEqual(["Publish", "Deploy as a Prototype"]);
    expect(allowedActions("PROTOTYPED")).toEqual(["Publish", "Demote to Created"]);
    expect(allowedActions("PUBLISHED")).toEqual(["Block", "Deprecate", "Demote to Created", "Deploy as a Prototype"]);
    expect(allowedActions("BLOCKED")).toEqual(["Re-Publish", "Deprecate"]);
    expect(allowedActions("DEPRECATED")).toEqual(["Retire"]);
  });

  it("ends at RETIRED: no way out", () => {
    expect(allowedActions("RETIRED")).toEqual([]);
  });

  it("never goes back from DEPRECATED to PUBLISHED", () => {
    expect(Object.values(transitions.DEPRECATED)).not.toContain("PUBLISHED");
  });
});

describe("publishRequirements", () => {
  it("is met with an endpoint and a plan", () => {
    expect(publishRequirements({ endpoints: [{}], plans: [{}] }).every((r) => r.met)).toBe(true);
  });

  it("names what is missing", () => {
    const unmet = publishRequirements({ endpoints: [], plans: [] }).filter((r) => !r.met).map((r) => r.label);
    expect(unmet).toEqual(["An endpoint is set", "At least one business plan is chosen"]);
  });
});
