import { describe, expect, it } from "vitest";
import { gatewayPath } from "./gateway-urls";

describe("gatewayPath", () => {
  it("appends the version to a context without {version}", () => {
    expect(gatewayPath({ context: "/chat", version: "1.0" })).toBe("/chat/1.0");
    expect(gatewayPath({ context: "/market/ticks", version: "v2" })).toBe("/market/ticks/v2");
  });

  it("fills in {version} where the context has it, and appends nothing", () => {
    expect(gatewayPath({ context: "/{version}/chat", version: "1.0" })).toBe("/1.0/chat");
    expect(gatewayPath({ context: "/chat/{version}", version: "2" })).toBe("/chat/2");
  });
});
