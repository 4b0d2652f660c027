// The first stage: the gateway takes handshakes (it is not stopping) and has loaded a
// configuration; that snapshot is what the stages after it check the handshake against.
import type { ConfigSnapshot } from "../config/snapshot";
import { refusal } from "./refuse";
import { stage } from "./stage";

export interface GatewayState {
  readonly stopping: boolean;
  readonly store: { readonly current: ConfigSnapshot | undefined };
}

export const gatewayStopping = refusal(503, "gateway_stopping", "The gateway is shutting down.");
const notReady = refusal(503, "not_ready", "The gateway has not loaded its configuration yet.");

export const gatewayReady = stage("snapshot", (h: { gateway: GatewayState }) => {
  if (h.gateway.stopping) return gatewayStopping;
  return h.gateway.store.current ?? notReady;
});
