// The two ways the relay moves bytes, for tests that must hold on both: a plain TCP socket's
// handle (the default) and the socket's stream API (TLS sockets, Nodes without the bindings).
import { afterAll, beforeAll } from "vitest";
import { relayOnStreams } from "../relay/tcp-handle";

export const relayPaths = [
  ["on the TCP handle", false],
  ["on the stream API", true],
] as const;

/** Inside a describe: the relays its tests start use the stream API (`streams`) or the handle. */
export function onRelayPath(streams: boolean): void {
  beforeAll(() => relayOnStreams(streams));
  afterAll(() => relayOnStreams(false));
}
