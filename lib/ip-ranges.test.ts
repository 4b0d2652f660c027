import { describe, expect, it } from "vitest";
import { inIpRange, normaliseIpAddress, parseIpAddress, parseIpRange, type IpRange } from "./ip-ranges";

const range = (text: string): IpRange => {
  const parsed = parseIpRange(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.range;
};
const address = (text: string) => parseIpAddress(text)!;

describe("parseIpRange", () => {
  it("writes addresses and ranges one way", () => {
    expect(range("192.0.2.7").text).toBe("192.0.2.7");
    expect(range(" 192.0.2.0/24 ").text).toBe("192.0.2.0/24");
    expect(range("192.0.2.7/32").text).toBe("192.0.2.7");
    expect(range("2001:DB8:0:0:0:0:0:1").text).toBe("2001:db8::1");
    expect(range("2001:db8::/32").text).toBe("2001:db8::/32");
    expect(range("::ffff:192.0.2.7").text).toBe("192.0.2.7");
    expect(range("::ffff:192.0.2.0/120").text).toBe("192.0.2.0/24");
    expect(range("0.0.0.0/0").text).toBe("0.0.0.0/0");
  });

  it("refuses what is not an address, a bad prefix, and host bits past the prefix, saying the range meant", () => {
    const message = (text: string) => {
      const parsed = parseIpRange(text);
      return parsed.ok ? null : parsed.message;
    };
    expect(message("example.com")).toMatch(/is not an IPv4 or IPv6 address/);
    expect(message("127.1")).toMatch(/is not an IPv4 or IPv6 address/);
    expect(message("300.1.1.1")).toMatch(/is not an IPv4 or IPv6 address/);
    expect(message("fe80::1%eth0")).toMatch(/is not an IPv4 or IPv6 address/);
    expect(message("")).toMatch(/An empty value is not/);
    expect(message("10.0.0.0/33")).toBe("The prefix length after '/' is a number from 0 to 32.");
    expect(message("2001:db8::/129")).toBe("The prefix length after '/' is a number from 0 to 128.");
    expect(message("10.0.0.0/x")).toBe("The prefix length after '/' is a number from 0 to 32.");
    expect(message("10.1.2.3/8")).toBe("10.1.2.3/8 has bits set past its /8 prefix: the range is 10.0.0.0/8.");
    expect(message("2001:db8::1/32")).toBe("2001:db8::1/32 has bits set past its /32 prefix: the range is 2001:db8::/32.");
  });
});

describe("inIpRange", () => {
  it("matches inside the range, IPv4-mapped clients as IPv4, and never across families", () => {
    expect(inIpRange(address("192.0.2.200"), range("192.0.2.0/24"))).toBe(true);
    expect(inIpRange(address("192.0.3.1"), range("192.0.2.0/24"))).toBe(false);
    expect(inIpRange(address("::ffff:192.0.2.9"), range("192.0.2.0/24"))).toBe(true);
    expect(inIpRange(address("2001:db8:ffff::1"), range("2001:db8::/32"))).toBe(true);
    expect(inIpRange(address("2001:db9::1"), range("2001:db8::/32"))).toBe(false);
    expect(inIpRange(address("192.0.2.1"), range("::/0"))).toBe(false);
    expect(inIpRange(address("192.0.2.1"), range("0.0.0.0/0"))).toBe(true);
  });
});

describe("normaliseIpAddress", () => {
  it("writes an address one way, or gives null", () => {
    expect(normaliseIpAddress("::FFFF:127.0.0.1")).toBe("127.0.0.1");
    expect(normaliseIpAddress("0:0:0:0:0:0:0:1")).toBe("::1");
    expect(normaliseIpAddress("localhost")).toBeNull();
  });
});
