// The Publisher's endpoint Test: one real WebSocket handshake from the portal's server, as the
// gateway would open it (connect timeout, extra headers, certificate check), to an address the
// policy allows (lib/endpoint-test-policy.ts), pinned to it. Boxed in time (the whole attempt,
// DNS included, within the endpoint's connect timeout and never over 15 s) and in size (the
// answer's head at most 16 KiB, any frame at most 64 KiB), so a hostile endpoint can hold
// neither the portal's time nor its memory.
import type { LookupFunction } from "node:net";
import WebSocket from "ws";
import type { EndpointConfig } from "./endpoint-config";
import { endpointTestPolicy, resolveEndpointHost, systemLookup, type AddressPolicy, type Lookup, type ResolvedAddress } from "./endpoint-test-policy";

export interface EndpointTestResult {
  ok: boolean;
  /** What happened, in words for the page. */
  message: string;
  /** Handshake time when it answered. */
  millis?: number;
}

export const maxTestMs = 15_000;
const maxHeadBytes = 16 * 1024;
const maxFrameBytes = 64 * 1024;

export interface EndpointTestOptions {
  policy?: AddressPolicy;
  lookup?: Lookup;
}

export async function openEndpointTest(url: string, config: EndpointConfig, options: EndpointTestOptions = {}): Promise<EndpointTestResult> {
  const budgetMs = Math.min(config.connectTimeoutMs, maxTestMs);
  const timedOut = `No answer within ${budgetMs < config.connectTimeoutMs ? `${budgetMs} ms (the Test waits at most ${maxTestMs / 1000} s)` : `the connect timeout (${budgetMs} ms)`}.`;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), budgetMs)));
  try {
    const resolution = await Promise.race([resolveEndpointHost(new URL(url).hostname, options.policy ?? endpointTestPolicy(), options.lookup ?? systemLookup), deadline]);
    if (resolution === "timeout") return { ok: false, message: timedOut };
    if (!resolution.ok) return { ok: false, message: resolution.message };
    return await handshake(url, config, resolution.address, started, deadline, timedOut);
  } finally {
    clearTimeout(timer);
  }
}

/** The socket's name lookup, answering the checked address whatever DNS says now. */
function pinnedTo({ address, family }: ResolvedAddress): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) (callback as (e: null, all: ResolvedAddress[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function handshake(url: string, config: EndpointConfig, address: ResolvedAddress, started: number, deadline: Promise<"timeout">, timedOut: string): Promise<EndpointTestResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: EndpointTestResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const socket = new WebSocket(url, {
      handshakeTimeout: config.connectTimeoutMs,
      headers: Object.fromEntries(config.headers.map((h) => [h.name, h.value])),
      rejectUnauthorized: config.verifyTls,
      followRedirects: false,
      maxPayload: maxFrameBytes,
      // Passed on to http.request and net.connect (TLS still checks the certificate against the host name).
      lookup: pinnedTo(address),
      maxHeaderSize: maxHeadBytes,
    } as WebSocket.ClientOptions);
    void deadline.then(() => {
      finish({ ok: false, message: timedOut });
      socket.terminate();
    });
    socket.once("open", () => {
      const millis = Math.round(performance.now() - started);
      finish({ ok: true, millis, message: `The endpoint answered the WebSocket handshake in ${millis} ms.` });
      socket.close(1000, "Duplex endpoint test");
    });
    socket.once("unexpected-response", (_req, res) => {
      const reason = res.statusMessage ? ` ${res.statusMessage.slice(0, 100)}` : "";
      finish({ ok: false, message: `The endpoint answered HTTP ${res.statusCode}${reason} instead of upgrading to WebSocket.` });
      socket.terminate();
    });
    socket.on("error", (e: NodeJS.ErrnoException) => finish({ ok: false, message: describeFailure(e, timedOut) }));
  });
}

function describeFailure(e: NodeJS.ErrnoException, timedOut: string): string {
  switch (e.code) {
    case "ECONNREFUSED":
      return "Connection refused: nothing listens at that host and port.";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "The host name could not be resolved.";
    case "ETIMEDOUT":
      return timedOut;
    case "ECONNRESET":
      return "The endpoint closed the connection during the handshake.";
    case "HPE_HEADER_OVERFLOW":
      return `The endpoint's answer had more than ${maxHeadBytes / 1024} KiB of headers; the Test stopped reading.`;
    case "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH":
      return `The endpoint sent a message over ${maxFrameBytes / 1024} KiB; the Test stopped reading.`;
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "CERT_HAS_EXPIRED":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `The endpoint's certificate was not accepted (${e.code}). Turn off certificate verification in the settings only for a test backend.`;
    default:
      if (/time(d)? ?out/i.test(e.message)) return timedOut;
      return `The connection failed: ${e.message}`;
  }
}
