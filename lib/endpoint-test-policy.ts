// Where the Publisher's endpoint Test may connect from the portal's server. A creator types
// any host, so without a rule the Test reaches what only the server can: the cloud's metadata
// service (credentials) and link-local neighbours. Those are refused always, whatever the
// settings say; ENDPOINT_TEST_ALLOW (when set, only these) and ENDPOINT_TEST_DENY (never
// these; deny wins) add the operator's own rules. Names are resolved here, every address is
// checked, and the connection is then pinned to the checked address (lib/endpoint-test.ts), so
// a DNS answer that changes between the check and the connect (rebinding) changes nothing.
import { lookup as dnsLookup } from "node:dns/promises";
import { inIpRange, parseIpAddress, parseIpRange, type IpAddress, type IpRange } from "./ip-ranges";
import { config } from "./config";

export interface AddressPolicy {
  allow: IpRange[];
  deny: IpRange[];
}

const alwaysRefused: [range: string, why: string][] = [
  ["169.254.0.0/16", "link-local, where cloud metadata services (169.254.169.254) answer"],
  ["fe80::/10", "IPv6 link-local"],
  ["fd00:ec2::254/128", "the cloud metadata service's IPv6 address"],
  ["0.0.0.0/8", "not a destination (0.0.0.0 reaches the portal's own host)"],
  ["::/128", "not a destination (:: reaches the portal's own host)"],
];
const always = alwaysRefused.map(([text, why]) => ({ range: (parseIpRange(text) as { ok: true; range: IpRange }).range, why }));

export function endpointTestPolicy(): AddressPolicy {
  return { allow: config().ENDPOINT_TEST_ALLOW, deny: config().ENDPOINT_TEST_DENY };
}

/** Why the Test may not connect to `address`, as a predicate ("is link-local, …"); null when it may. */
export function refusalFor(address: IpAddress, policy: AddressPolicy): string | null {
  const fixed = always.find((r) => inIpRange(address, r.range));
  if (fixed) return `is ${fixed.why}: the Test never connects there`;
  const denied = policy.deny.find((r) => inIpRange(address, r));
  if (denied) return `is in ENDPOINT_TEST_DENY (${denied.text})`;
  if (policy.allow.length && !policy.allow.some((r) => inIpRange(address, r))) {
    return `is outside the ranges ENDPOINT_TEST_ALLOW permits (${policy.allow.map((r) => r.text).join(", ")})`;
  }
  return null;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Lookup = (host: string) => Promise<ResolvedAddress[]>;

export const systemLookup: Lookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export type Resolution = { ok: true; address: ResolvedAddress } | { ok: false; message: string };

/**
 * The address to connect to for `host` (a name, or an address literal, IPv6 with or without
 * brackets), once every address it resolves to has passed the policy; else why not.
 */
export async function resolveEndpointHost(host: string, policy: AddressPolicy, lookup: Lookup = systemLookup): Promise<Resolution> {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const literal = parseIpAddress(bare);
  let addresses: ResolvedAddress[];
  try {
    addresses = literal ? [{ address: literal.toString(), family: literal.kind() === "ipv6" ? 6 : 4 }] : await lookup(bare);
  } catch {
    return { ok: false, message: "The host name could not be resolved." };
  }
  if (!addresses.length) return { ok: false, message: "The host name could not be resolved." };
  for (const { address } of addresses) {
    const parsed = parseIpAddress(address);
    const why = parsed ? refusalFor(parsed, policy) : "is not an address the Test can check";
    const written = parsed?.toString() ?? address;
    if (why) return { ok: false, message: literal ? `Refused: ${written} ${why}.` : `Refused: ${bare} resolves to ${written}, which ${why}.` };
  }
  const first = parseIpAddress(addresses[0].address)!;
  return { ok: true, address: { address: first.toString(), family: first.kind() === "ipv6" ? 6 : 4 } };
}
