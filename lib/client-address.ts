// The address a portal request came from, for the audit log. Next's server sets
// X-Forwarded-For to the socket's address only when the request has none, and a proxy in
// front appends the address it saw: so the last entry is the nearest hop's view of the client.
// Without a proxy a client can send its own header and choose that entry: the log's address is
// as good as what reaches the server, no better.
import { normaliseIpAddress } from "./ip-ranges";

/** The last address in an X-Forwarded-For value, normalised (IPv4-mapped IPv6 as IPv4); undefined when there is none. */
export function clientAddressFromForwardedFor(header: string | null | undefined): string | undefined {
  const last = header?.split(",").at(-1)?.trim();
  if (!last) return undefined;
  // "[2001:db8::1]:1234" and "203.0.113.7:1234" come from some proxies; the port is not the client.
  const host = last.startsWith("[") ? last.slice(1, last.indexOf("]")) : /^\d+\.\d+\.\d+\.\d+:\d+$/.test(last) ? last.split(":")[0] : last;
  return normaliseIpAddress(host) ?? undefined;
}
