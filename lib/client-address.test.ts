import { describe, expect, it } from "vitest";
import { clientAddressFromForwardedFor } from "./client-address";

describe("clientAddressFromForwardedFor", () => {
  it("takes the last entry, the one the nearest hop appended", () => {
    expect(clientAddressFromForwardedFor("198.51.100.9, 203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddressFromForwardedFor("127.0.0.1")).toBe("127.0.0.1");
  });

  it("normalises IPv6, IPv4-mapped addresses and ports", () => {
    expect(clientAddressFromForwardedFor("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddressFromForwardedFor("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(clientAddressFromForwardedFor("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(clientAddressFromForwardedFor("203.0.113.7:5123")).toBe("203.0.113.7");
  });

  it("gives nothing for a missing or malformed value", () => {
    expect(clientAddressFromForwardedFor(null)).toBeUndefined();
    expect(clientAddressFromForwardedFor("")).toBeUndefined();
    expect(clientAddressFromForwardedFor("unknown")).toBeUndefined();
    expect(clientAddressFromForwardedFor("1.2.3.4, not-an-ip")).toBeUndefined();
  });
});
