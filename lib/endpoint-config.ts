// The settings under an endpoint's cogwheel: how the gateway talks to that backend.
// Stored as Endpoint.config (JSON); parsed with defaults wherever it is read.
import { z } from "zod";

// Headers the gateway itself sets on the backend handshake; an API creator may not override them.
const reservedHeaders = new Set([
  "host", "connection", "upgrade", "content-length", "transfer-encoding",
  "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol", "sec-websocket-accept",
  "x-forwarded-for", "forwarded",
]);

const ZHeaderName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "A header name is letters, digits and - (RFC 9110 token).")
  .refine((n) => !reservedHeaders.has(n.toLowerCase()), "The gateway sets this header itself.");

export const ZEndpointConfig = z.object({
  /** How long to wait for the backend's handshake answer before giving up (504). */
  connectTimeoutMs: z.number().int().min(100, "At least 100 ms.").max(120_000, "At most 120 s.").default(10_000),
  /** Close a connection that carried no message for this long; 0 never does. */
  idleTimeoutMs: z.number().int().min(0).max(86_400_000, "At most a day.").default(0),
  /** The largest message either side may send (close 1009 above it). */
  maxMessageBytes: z.number().int().min(1).max(64 * 1024 * 1024, "At most 64 MiB.").default(1024 * 1024),
  retries: z
    .object({
      /** Further attempts after a failed connect. */
      count: z.number().int().min(0).max(10, "At most 10.").default(0),
      delayMs: z.number().int().min(0).max(60_000, "At most 60 s.").default(1_000),
    })
    .default({ count: 0, delayMs: 1_000 }),
  suspension: z
    .object({
      /** After a connect fails (all retries spent), refuse new connections for this long; 0 never suspends. */
      initialDurationMs: z.number().int().min(0).max(3_600_000, "At most an hour.").default(0),
      /** Each further failure multiplies the duration by this. */
      factor: z.number().min(1, "At least 1.").max(10, "At most 10.").default(2),
      maxDurationMs: z.number().int().min(0).max(86_400_000, "At most a day.").default(300_000),
    })
    .default({ initialDurationMs: 0, factor: 2, maxDurationMs: 300_000 }),
  /** Extra headers sent on the backend handshake. */
  headers: z
    .array(z.object({ name: ZHeaderName, value: z.string().max(4096).regex(/^[^\r\n]*$/, "A header value is one line.") }))
    .max(20, "At most 20 headers.")
    .default([]),
  /** For wss:// backends: check the backend's certificate. */
  verifyTls: z.boolean().default(true),
  /**
   * Relay permessage-deflate (RFC 7692) when client and backend both take it, without context
   * takeover, maxMessageBytes holding for what each compressed message inflates to
   * (gateway/relay/inflated-size.ts). Off, the gateway offers no compression to the backend and
   * accepts none from the client.
   */
  compression: z.boolean().default(true),
});

export type EndpointConfig = z.output<typeof ZEndpointConfig>;

/** The stored config with defaults filled in; a row written by an older version still parses. */
export function endpointConfig(stored: unknown): EndpointConfig {
  const parsed = ZEndpointConfig.safeParse(stored ?? {});
  return parsed.success ? parsed.data : ZEndpointConfig.parse({});
}

export const defaultEndpointConfig: EndpointConfig = ZEndpointConfig.parse({});
