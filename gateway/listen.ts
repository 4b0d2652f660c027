// Listening as a promise: resolves once the server accepts connections, rejects with the
// error (a port in use) when it cannot.
import type { Server } from "node:net";

export function listen(server: Server, port: number, host = "0.0.0.0"): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
