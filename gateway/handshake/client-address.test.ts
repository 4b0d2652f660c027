import { describe, expect, it } from "vitest";
import { parseIpRangeList } from "../../lib/ip-ranges";
import { clientAddressOf } from "./client-address";

const ranges = (text: string) => {
  const parsed = parseIpRangeList(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.ranges;
};
const proxies = ranges("10.0.0.0/8, fd00::/8");

describe("the client's address at the gateway", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf("203.0.113.9", "198.51.100.1", [])).toBe("203.0.113.9");
    expect(clientAddressOf("::ffff:203.0.113.9", undefined, proxies)).toBe("203.0.113.9");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddressOf("203.0.113.9", "198.51.100.1", proxies)).toBe("203.0.113.9");
  });

  it("walks X-Forwarded-For from the right past trusted proxies to the first address none of them holds", () => {
    expect(clientAddressOf("10.0.0.2", "198.51.100.1", proxies)).toBe("198.51.100.1");
    expect(clientAddressOf("10.0.0.2", "192.0.2.66, 198.51.100.1, 10.1.1.1", proxies)).toBe("198.51.100.1");
    expect(clientAddressOf("fd00::1", "[2001:db8::7]:4711", proxies)).toBe("2001:db8::7");
    expect(clientAddressOf("10.0.0.2", ["198.51.100.1:5000", "10.9.9.9"], proxies)).toBe("198.51.100.1");
  });

  it("stops at the last trusted hop when an entry is not an address, and when every hop is a proxy", () => {
    expect(clientAddressOf("10.0.0.2", "198.51.100.1, unknown", proxies)).toBe("10.0.0.2");
    expect(clientAddressOf("10.0.0.2", "10.0.0.3, 10.0.0.4", proxies)).toBe("10.0.0.3");
  });

  it("is empty when the socket has no address (it closed)", () => {
    expect(clientAddressOf(undefined, "198.51.100.1", proxies)).toBe("");
  });
});
