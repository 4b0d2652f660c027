import { describe, expect, it } from "vitest";
import { listPageOf, skipTake } from "./paging";

describe("listPageOf", () => {
  it("reads the page, its size and the direction from the URL", () => {
    expect(listPageOf({ page: "2", pageSize: "25", sort: "asc" })).toEqual({ page: 2, pageSize: 25, sort: "asc" });
  });

  it("starts at the first page of 10, newest first", () => {
    expect(listPageOf({})).toEqual({ page: 0, pageSize: 10, sort: "desc" });
  });

  it.each([
    [{ page: "-1" }, { page: 0, pageSize: 10, sort: "desc" }],
    [{ page: "x", pageSize: "7" }, { page: 0, pageSize: 10, sort: "desc" }],
    [{ pageSize: "100000" }, { page: 0, pageSize: 10, sort: "desc" }],
    [{ sort: "sideways", page: ["3", "4"] }, { page: 3, pageSize: 10, sort: "desc" }],
  ])("falls back to the default of a value out of range: %j", (search, page) => {
    expect(listPageOf(search)).toEqual(page);
  });
});

describe("skipTake", () => {
  it("skips the pages before", () => {
    expect(skipTake({ page: 3, pageSize: 25, sort: "desc" })).toEqual({ skip: 75, take: 25 });
  });
});
