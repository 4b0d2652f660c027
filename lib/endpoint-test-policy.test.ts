import { describe, expect, it } from "vitest";
import { parseIpAddress, parseIpRangeList } from "./ip-ranges";
import { refusalFor, resolveEndpointHost, type AddressPolicy } from "./endpoint-test-policy";

const ranges = (text: string) => {
  const parsed = parseIpRangeList(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.ranges;
};
const open: AddressPolicy = { allow: [], deny: [] };
const refusal = (address: string, policy = open) => refusalFor(parseIpAddress(address)!, policy);

describe("the endpoint Test's address rules", () => {
  it("always refuse link-local and cloud metadata addresses, however written, even when ENDPOINT_TEST_ALLOW names them", () => {
    const allowAll: AddressPolicy = { allow: ranges("0.0.0.0/0, ::/0"), deny: [] };
    for (const policy of [open, allowAll]) {
      expect(refusal("169.254.169.254", policy)).toBe("is link-local, where cloud metadata services (169.254.169.254) answer: the Test never connects there");
      expect(refusal("::ffff:169.254.169.254", policy)).toMatch(/^is link-local/);
      expect(refusal("fe80::1", policy)).toBe("is IPv6 link-local: the Test never connects there");
      expect(refusal("fd00:ec2::254", policy)).toBe("is the cloud metadata service's IPv6 address: the Test never connects there");
      expect(refusal("0.0.0.0", policy)).toMatch(/not a destination/);
    }
  });

  it("allow any other address by default", () => {
    for (const address of ["127.0.0.1", "::1", "10.0.0.7", "192.0.2.1", "2001:db8::1", "fd00:ec2::253"]) expect(refusal(address)).toBeNull();
  });

  it("with ENDPOINT_TEST_ALLOW, allow only its ranges; ENDPOINT_TEST_DENY wins over it", () => {
    const policy: AddressPolicy = { allow: ranges("127.0.0.0/8 ::1"), deny: ranges("127.0.0.2") };
    expect(refusal("127.0.0.1", policy)).toBeNull();
    expect(refusal("::1", policy)).toBeNull();
    expect(refusal("127.0.0.2", policy)).toBe("is in ENDPOINT_TEST_DENY (127.0.0.2)");
    expect(refusal("10.0.0.7", policy)).toBe("is outside the ranges ENDPOINT_TEST_ALLOW permits (127.0.0.0/8, ::1)");
  });

  it("read address and range lists strictly and say what is wrong", () => {
    expect(parseIpRangeList("10.0.0.0/8, fd00::/8 192.0.2.7")).toMatchObject({ ok: true, ranges: [{ text: "10.0.0.0/8" }, { text: "fd00::/8" }, { text: "192.0.2.7" }] });
    expect(parseIpRangeList("::ffff:10.0.0.0/104")).toMatchObject({ ok: true, ranges: [{ text: "10.0.0.0/8" }] });
    expect(parseIpRangeList("10.0.0.0/33")).toEqual({ ok: false, message: "The prefix length after '/' is a number from 0 to 32." });
    expect(parseIpRangeList("127.1")).toEqual({ ok: false, message: "127.1 is not an IPv4 or IPv6 address, such as 192.0.2.7, or range, such as 192.0.2.0/24." });
    expect(parseIpRangeList("")).toEqual({ ok: true, ranges: [] });
  });
});

describe("resolving the endpoint's host", () => {
  it("checks every address a name resolves to, and names the one refused", async () => {
    const lookup = async () => [
      { address: "127.0.0.1", family: 4 as const },
      { address: "169.254.169.254", family: 4 as const },
    ];
    expect(await resolveEndpointHost("backend.example", open, lookup)).toEqual({
      ok: false,
      message: "Refused: backend.example resolves to 169.254.169.254, which is link-local, where cloud metadata services (169.254.169.254) answer: the Test never connects there.",
    });
  });

  it("takes address literals as they are, IPv6 in brackets too, without asking DNS", async () => {
    const lookup = async () => {
      throw new Error("DNS was asked");
    };
    expect(await resolveEndpointHost("[::1]", open, lookup)).toEqual({ ok: true, address: { address: "::1", family: 6 } });
    expect(await resolveEndpointHost("[::ffff:a9fe:a9fe]", open, lookup)).toMatchObject({ ok: false, message: /^Refused: 169\.254\.169\.254 is link-local/ });
  });

  it("says when a name does not resolve", async () => {
    expect(await resolveEndpointHost("nowhere.invalid", open, async () => Promise.reject(Object.assign(new Error("x"), { code: "ENOTFOUND" })))).toEqual({
      ok: false,
      message: "The host name could not be resolved.",
    });
  });
});
