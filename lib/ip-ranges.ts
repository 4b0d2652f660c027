// IPv4 and IPv6 addresses and CIDR ranges, parsed strictly and written one way (ipaddr.js):
// "192.0.2.7", "2001:db8::/32". An IPv4 address inside IPv6 (::ffff:192.0.2.7, as a dual-stack
// socket reports IPv4 clients) is written, and matched, as the IPv4 address it is.
import ipaddr from "ipaddr.js";

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

export interface IpRange {
  address: IpAddress;
  /** The prefix length: 32 or 128 for a single address. */
  bits: number;
  /** The canonical text: the address alone for a single address, else network/bits. */
  text: string;
}

/** An address in dotted-quad IPv4 or in IPv6 (no zone), or null. Not "127.1" nor "0x7f.0.0.1", which ipaddr.js would take. */
export function parseIpAddress(text: string): IpAddress | null {
  const t = text.trim();
  if (t.includes(":")) {
    if (t.includes("%") || !ipaddr.IPv6.isValid(t)) return null;
    const v6 = ipaddr.IPv6.parse(t);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(t) ? ipaddr.IPv4.parse(t) : null;
}

/** The address written one way, or null when it is not one. */
export function normaliseIpAddress(text: string): string | null {
  return parseIpAddress(text)?.toString() ?? null;
}

export type IpRangeParse = { ok: true; range: IpRange } | { ok: false; message: string };

/** "192.0.2.7", "192.0.2.0/24", "2001:db8::/32": one address or a CIDR range whose host bits are zero. */
export function parseIpRange(text: string): IpRangeParse {
  const t = text.trim();
  const slash = t.indexOf("/");
  const address = parseIpAddress(slash === -1 ? t : t.slice(0, slash));
  if (!address) return { ok: false, message: `${t || "An empty value"} is not an IPv4 or IPv6 address, such as 192.0.2.7, or range, such as 192.0.2.0/24.` };
  const max = address.kind() === "ipv4" ? 32 : 128;
  let bits = max;
  if (slash !== -1) {
    const prefix = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefix)) return { ok: false, message: `The prefix length after '/' is a number from 0 to ${max}.` };
    bits = Number(prefix);
    // An IPv4-mapped range (::ffff:192.0.2.0/120) is the IPv4 range it maps.
    if (address.kind() === "ipv4" && t.slice(0, slash).includes(":")) bits -= 96;
    if (bits < 0 || bits > max) return { ok: false, message: `The prefix length after '/' is a number from 0 to ${max}.` };
  }
  const network = networkOf(address, bits);
  if (network.toString() !== address.toString()) {
    return { ok: false, message: `${t} has bits set past its /${bits} prefix: the range is ${network.toString()}/${bits}.` };
  }
  return { ok: true, range: { address, bits, text: bits === max ? address.toString() : `${address.toString()}/${bits}` } };
}

function networkOf(address: IpAddress, bits: number): IpAddress {
  const bytes = address.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] &= (0xff << (8 - keep)) & 0xff;
  }
  return ipaddr.fromByteArray(bytes);
}

/** Whether the address is in the range; an IPv4 address is never in an IPv6 range, nor the reverse. */
export function inIpRange(address: IpAddress, range: IpRange): boolean {
  return address.kind() === range.address.kind() && address.match(range.address, range.bits);
}

/** "10.0.0.0/8, 192.0.2.7 fd00::/8": ranges separated by commas or spaces, as the settings take them. */
export function parseIpRangeList(text: string): { ok: true; ranges: IpRange[] } | { ok: false; message: string } {
  const ranges: IpRange[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const parsed = parseIpRange(entry);
    if (!parsed.ok) return parsed;
    ranges.push(parsed.range);
  }
  return { ok: true, ranges };
}
