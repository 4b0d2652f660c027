import { describe, expect, it } from "vitest";
import { compileDenyPolicies, type DenyPolicyRule } from "./deny-policy-matcher";

const rules: DenyPolicyRule[] = [
  { id: "ip", type: "IP_RANGE", value: "192.0.2.0/24" },
  { id: "ip6", type: "IP_RANGE", value: "2001:db8::/32" },
  { id: "one", type: "IP_RANGE", value: "198.51.100.7" },
  { id: "ctx", type: "API_CONTEXT", value: "/payments" },
  { id: "path", type: "API_CONTEXT", value: "/chat/2.0" },
  { id: "app", type: "APPLICATION", value: "app-1" },
  { id: "user", type: "USER", value: "user-1" },
];
const matcher = compileDenyPolicies(rules);
const hit = (check: Parameters<typeof matcher.match>[0]) => matcher.match(check)?.id ?? null;

describe("compileDenyPolicies", () => {
  it("matches client addresses in a range or equal to one address, IPv4-mapped clients included", () => {
    expect(hit({ clientAddress: "192.0.2.99" })).toBe("ip");
    expect(hit({ clientAddress: "::ffff:192.0.2.99" })).toBe("ip");
    expect(hit({ clientAddress: "2001:db8:1::5" })).toBe("ip6");
    expect(hit({ clientAddress: "198.51.100.7" })).toBe("one");
    expect(hit({ clientAddress: "198.51.100.8" })).toBeNull();
    expect(hit({ clientAddress: "not an address" })).toBeNull();
  });

  it("matches an API by its context or by the path it is served at, not by a longer path", () => {
    expect(hit({ apiContext: "/payments", apiPath: "/payments/1.0" })).toBe("ctx");
    expect(hit({ apiContext: "/chat", apiPath: "/chat/2.0" })).toBe("path");
    expect(hit({ apiContext: "/chat", apiPath: "/chat/1.0" })).toBeNull();
    expect(hit({ apiContext: "/payments-v2", apiPath: "/payments-v2/1.0" })).toBeNull();
  });

  it("matches the application and its owner once the token names them", () => {
    expect(hit({ applicationId: "app-1", userId: "someone" })).toBe("app");
    expect(hit({ applicationId: "app-2", userId: "user-1" })).toBe("user");
    expect(hit({ applicationId: "app-2", userId: "user-2", clientAddress: "203.0.113.1", apiContext: "/other" })).toBeNull();
  });

  it("matches nothing with no policies, and leaves out a stored range that does not parse", () => {
    expect(compileDenyPolicies([]).match({ clientAddress: "192.0.2.1", applicationId: "app-1" })).toBeNull();
    const broken = compileDenyPolicies([{ id: "bad", type: "IP_RANGE", value: "10.1.2.3/8" }]);
    expect(broken.match({ clientAddress: "10.1.2.3" })).toBeNull();
    expect(compileDenyPolicies([{ id: "c", type: "API_CONTEXT", value: "/trailing/" }]).match({ apiContext: "/trailing" })?.id).toBe("c");
  });
});
