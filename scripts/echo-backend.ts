// The sample backend of the tutorial: a WebSocket server that sends every message back.
import { WebSocketServer } from "ws";

export function startEchoBackend(port: number, host = "127.0.0.1"): Promise<WebSocketServer> {
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({ port, host });
    server.on("connection", (socket) => {
      socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
    });
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.ECHO_PORT ?? 7070);
  const server = await startEchoBackend(port, process.env.ECHO_HOST ?? "0.0.0.0");
  console.log(`echo backend on ws://localhost:${port}`);
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
