import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-path";

describe("safeCallbackPath", () => {
  it("keeps this site's paths and replaces everything else with the fallback", () => {
    expect(safeCallbackPath("/publisher/apis?x=1", "/devportal")).toBe("/publisher/apis?x=1");
    for (const other of ["//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "", undefined, null]) {
      expect(safeCallbackPath(other, "/devportal")).toBe("/devportal");
    }
  });
});
