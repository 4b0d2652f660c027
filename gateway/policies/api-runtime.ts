// The API's own runtime settings at the gateway (Publisher → API → Runtime, lib/api-runtime.ts):
// client addresses allowed and denied, and the browser origins allowed (cross-site WebSocket
// hijacking: a page elsewhere opening a connection with the user's cookies or token). Checked
// after the platform's deny policies and before the token, so a refused client costs no
// signature check; open connections are asked again on every reload (connections.ts).
import { addressAllowed, originAllowed, type RuntimePolicy } from "../../lib/api-runtime";
import type { ApiRoute } from "../config/snapshot";
import { refusal } from "../handshake/refuse";
import type { RequestHead } from "../handshake/request-head";
import { check, stage } from "../handshake/stage";

const addressNotAllowed = refusal(403, "ip_not_allowed", "This API does not accept connections from this client address.");
const originNotAllowed = refusal(403, "origin_not_allowed", "This API does not accept connections from pages of this origin.");
const originRequired = refusal(403, "origin_not_allowed", "This API accepts browser connections only: the handshake has no Origin header.");

export const apiAddressStage = check(
  (h: { clientAddress: string; route: { api: ApiRoute } }) => (addressAllowed(h.route.api.runtime, h.clientAddress) ? undefined : addressNotAllowed),
  { readsSnapshot: true },
);

/** The handshake's Origin, kept for the reloads that may change what the API allows. */
export const originStage = stage(
  "origin",
  (h: { request: RequestHead; route: { api: ApiRoute } }) => {
    const origin = h.request.headers.origin;
    if (originAllowed(h.route.api.runtime, origin)) return origin;
    return origin === undefined ? originRequired : originNotAllowed;
  },
  { readsSnapshot: true },
);

/** Why an open connection's API no longer admits it, or undefined when it still does. */
export function runtimeRefuses(policy: RuntimePolicy, c: { clientAddress: string; origin: string | undefined }): string | undefined {
  if (!addressAllowed(policy, c.clientAddress)) return "The API no longer accepts connections from this client address.";
  if (!originAllowed(policy, c.origin)) return "The API no longer accepts connections from this origin.";
  return undefined;
}
