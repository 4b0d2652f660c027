// "Try it says why": a browser's WebSocket that the gateway refused reports only 1006, never the
// HTTP status or the JSON reason. The portal repeats the same handshake from the server (the
// same URL, token or API key, and Origin) and reads what the gateway answered. The URL is always built
// from an API's own gateway URL (getPortalApi), never taken from the browser: no request
// leaves the portal for a host a user chose.
import WebSocket from "ws";

export type ProbeOutcome =
  | { kind: "refused"; status: number; error: string | null; message: string }
  | { kind: "opened" }
  | { kind: "unreachable"; message: string };

const probeTimeoutMs = 5000;
const maxBodyBytes = 4096;

/** Opens `url` as the console did and says how the gateway answered; an opened connection is closed at once. */
export function probeHandshake(url: string, options: { credential: { kind: "token" | "apiKey"; value: string }; origin: string }): Promise<ProbeOutcome> {
  const target = new URL(url);
  if (target.protocol !== "ws:" && target.protocol !== "wss:") return Promise.resolve({ kind: "unreachable", message: "Not a WebSocket URL." });
  // As the console sent it: the query forms, which a browser can use.
  target.searchParams.set(options.credential.kind === "apiKey" ? "apikey" : "access_token", options.credential.value);
  return new Promise((resolve) => {
    const ws = new WebSocket(target, { origin: options.origin, handshakeTimeout: probeTimeoutMs, followRedirects: false });
    ws.once("open", () => {
      ws.close(1000, "Probe done");
      resolve({ kind: "opened" });
    });
    ws.once("unexpected-response", (req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (body.length < maxBodyBytes) body += chunk;
      });
      res.on("end", () => {
        req.destroy();
        const status = res.statusCode ?? 0;
        try {
          const json = JSON.parse(body) as { error?: unknown; message?: unknown };
          resolve({ kind: "refused", status, error: typeof json.error === "string" ? json.error : null, message: typeof json.message === "string" ? json.message : "" });
        } catch {
          resolve({ kind: "refused", status, error: null, message: res.statusMessage ?? "" });
        }
      });
    });
    ws.once("error", (e) => resolve({ kind: "unreachable", message: e.message }));
  });
}
