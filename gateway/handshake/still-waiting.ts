// Before anything is reserved for a handshake that passed its checks (the token's check may
// have awaited): the client is still there, and the gateway is not stopping meanwhile.
import type { Socket } from "node:net";
import { gatewayStopping } from "./gateway-ready";
import { check, clientGone } from "./stage";

export const stillWaiting = check((h: { socket: Socket; gateway: { readonly stopping: boolean } }) => {
  if (h.socket.destroyed) return clientGone;
  if (h.gateway.stopping) return gatewayStopping;
  return undefined;
});
