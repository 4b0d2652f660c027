import { describe, expect, it } from "vitest";
import { ZApiTags } from "./api-info";

describe("ZApiTags", () => {
  it("lower-cases, trims and folds duplicates", () => {
    expect(ZApiTags.parse([" Chat ", "chat", "Market-Data", ""])).toEqual(["chat", "market-data"]);
  });

  it("defaults to none", () => {
    expect(ZApiTags.parse(undefined)).toEqual([]);
  });

  it("refuses a tag with other characters, naming it", () => {
    const result = ZApiTags.safeParse(["ok", "no/slash"]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain('"no/slash" is not a tag');
    expect(result.error?.issues[0].path).toEqual([]);
  });

  it("refuses a tag over 30 characters", () => {
    expect(ZApiTags.safeParse(["a".repeat(30)]).success).toBe(true);
    expect(ZApiTags.safeParse(["a".repeat(31)]).success).toBe(false);
  });

  it("allows at most 10 tags", () => {
    const tags = Array.from({ length: 11 }, (_, i) => `tag${i}`);
    expect(ZApiTags.safeParse(tags.slice(0, 10)).success).toBe(true);
    expect(ZApiTags.safeParse(tags).error?.issues[0].message).toBe("An API can have at most 10 tags.");
  });
});
