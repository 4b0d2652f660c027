// The client's address as deny policies see it: the socket's peer, unless that peer is a
// trusted proxy (GATEWAY_TRUSTED_PROXIES), in which case X-Forwarded-For is read from its
// right end, each hop a trusted proxy vouching for the one before it, up to the first address
// no trusted proxy holds. An untrusted peer's X-Forwarded-For is ignored: anyone can write one.
import type { IncomingHttpHeaders } from "node:http";
import { inIpRange, normaliseIpAddress, parseIpAddress, type IpRange } from "../../lib/ip-ranges";
import { stage } from "./stage";

function trusted(address: string, proxies: readonly IpRange[]): boolean {
  const parsed = parseIpAddress(address);
  return parsed !== null && proxies.some((range) => inIpRange(parsed, range));
}

/** "[2001:db8::1]:1234" and "203.0.113.7:1234" come from some proxies; the port is not the client. */
function hopAddress(entry: string): string | null {
  const t = entry.trim();
  const host = t.startsWith("[") ? t.slice(1, t.indexOf("]")) : /^\d+\.\d+\.\d+\.\d+:\d+$/.test(t) ? t.split(":")[0] : t;
  return normaliseIpAddress(host);
}

/**
 * The client's address; "" when the socket has none (it closed). A hop a trusted proxy wrote
 * that is not an address ends the walk at that proxy: it is the last address anyone vouches for.
 */
export function clientAddressOf(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, proxies: readonly IpRange[]): string {
  let address = (remoteAddress && normaliseIpAddress(remoteAddress)) || "";
  if (proxies.length === 0 || forwardedFor === undefined || !trusted(address, proxies)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hopAddress(hops[i]);
    if (hop === null) return address;
    address = hop;
    if (!trusted(hop, proxies)) return hop;
  }
  return address;
}

export const clientAddressStage = stage(
  "clientAddress",
  (h: { socket: { remoteAddress?: string }; request: { headers: IncomingHttpHeaders }; gateway: { trustedProxies: readonly IpRange[] } }) =>
    clientAddressOf(h.socket.remoteAddress, h.request.headers["x-forwarded-for"], h.gateway.trustedProxies),
);
