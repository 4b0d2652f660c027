// The last stage: the client's 101 (relay/opening-handshake.ts), with the subprotocol and the
// extensions its backend chose. A client that left (or half-closed) meanwhile is dropped, and
// the pipeline gives its backend connection back.
import type { Socket } from "node:net";
import type { BackendConnection } from "../backend/connect";
import { answerUpgrade } from "../relay/opening-handshake";
import type { Upgrade } from "./check-upgrade";
import type { RequestHead } from "./request-head";
import { check, clientGone } from "./stage";

export const answerClient = check((h: { socket: Socket; request: RequestHead; upgrade: Upgrade; backend: BackendConnection }) => {
  // A browser fails a handshake that offered subprotocols and got none back: the credential form's marker is answered.
  const protocol = h.backend.protocol || (h.upgrade.offered.marker ?? "");
  return answerUpgrade(h.socket, h.request.headers["sec-websocket-key"]!, protocol, h.backend.extensions) ? undefined : clientGone;
});
