// The pipeline's stage that opens the backend connection for a handshake that passed every
// check: the backend's 101 before the client's (backend/connect.ts), with who is calling
// (X-Forwarded-For, Forwarded, X-JWT-Assertion). A client that leaves meanwhile, or a gateway
// that stops, abandons it. An endpoint that failed with its retries spent is suspended.
import type { Socket } from "node:net";
import type { Logger } from "pino";
import { callerAssertionHeader } from "../handshake/caller-assertion";
import type { Upgrade } from "../handshake/check-upgrade";
import { gatewayStopping } from "../handshake/gateway-ready";
import type { RequestHead } from "../handshake/request-head";
import { Reserved, stage } from "../handshake/stage";
import { relayableExtensions } from "../relay/opening-handshake";
import { Abandon, BackendConnection, connectBackend } from "./connect";
import type { EndpointSuspensions } from "./suspension";
import type { BackendTarget } from "./target";

export interface BackendHost {
  readonly stopping: boolean;
  suspensions: EndpointSuspensions;
  /** The backend handshakes under way, for a gateway that stops to abandon. */
  handshakes: Set<Abandon>;
  logger: Logger;
}

/** X-Forwarded-For and RFC 7239 Forwarded, each with this hop appended to what the client sent. */
export function forwardingHeaders(req: RequestHead, socket: Socket): Record<string, string> {
  const remote = socket.remoteAddress ?? "unknown";
  const proto = "encrypted" in socket ? "wss" : "ws";
  const priorFor = req.headers["x-forwarded-for"];
  const prior = req.headers.forwarded;
  // §6: an IPv6 address is quoted and bracketed.
  const node = remote.includes(":") ? `"[${remote}]"` : remote;
  const hop = `for=${node};proto=${proto}`;
  return { "X-Forwarded-For": priorFor ? `${priorFor}, ${remote}` : remote, Forwarded: prior ? `${prior}, ${hop}` : hop };
}

interface Connecting {
  request: RequestHead;
  socket: Socket;
  upgrade: Upgrade;
  target: BackendTarget;
  route: { api: { id: string } };
  assertion: string;
  gateway: BackendHost;
}

export const connectBackendStage = stage("backend", async (h: Connecting) => {
  const { gateway, socket, target } = h;
  const abandon = new Abandon();
  const onClientGone = () => abandon.abort("client closed the connection");
  gateway.handshakes.add(abandon);
  socket.once("close", onClientGone);
  const backend = await connectBackend({
    target,
    protocols: h.upgrade.offered.forward,
    headers: { ...forwardingHeaders(h.request, socket), [callerAssertionHeader]: h.assertion },
    signal: abandon,
    extensions: target.endpoint.settings.compression ? relayableExtensions(h.request.headers["sec-websocket-extensions"]) : "",
  }).finally(() => {
    gateway.handshakes.delete(abandon);
    socket.removeListener("close", onClientGone);
  });
  const endpoint = target.endpoint;
  if (!(backend instanceof BackendConnection)) {
    // Abandoned because the gateway is stopping: the client is told so, not that its backend failed.
    if (gateway.stopping) return gatewayStopping.withDetail(backend.detail);
    if (backend.retryable) {
      const suspendedForMs = gateway.suspensions.failed(endpoint.key, endpoint.settings.suspension);
      if (suspendedForMs) gateway.logger.warn({ event: "endpoint_suspended", api: h.route.api.id, suspendedForMs }, "backend endpoint suspended");
    }
    return backend.refusal.withDetail(backend.detail);
  }
  gateway.suspensions.succeeded(endpoint.key);
  if (gateway.stopping) {
    backend.destroy();
    return gatewayStopping;
  }
  // Given back (destroyed) when the client's 101 cannot be written; once relayed, its socket is closed before this runs.
  return new Reserved(backend, backend.socket.destroy.bind(backend.socket));
});
