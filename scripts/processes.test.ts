import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { descendants, isListening, isRunning, spawnChild, stopChild, waitForPort } from "./processes";

describe("stopChild", () => {
  it("stops a child together with the processes it started", async () => {
    // A shell that starts a grandchild and ignores SIGTERM: the grandchild must go too.
    const child = spawnChild("shell", "sh", ["-c", "trap '' TERM; sleep 300 & echo started; wait"], { quiet: true });
    await once(child.process.stdout!, "data");
    const [grandchild] = descendants(child.process.pid!);
    expect(grandchild).toBeGreaterThan(0);

    await stopChild(child, 500);

    expect(isRunning(child.process.pid!)).toBe(false);
    expect(isRunning(grandchild)).toBe(false);
  });
});

describe("waitForPort", () => {
  it("waits until the port accepts connections", async () => {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    await expect(waitForPort(port, 5000)).resolves.toBeUndefined();
    server.close();
    await once(server, "close");
    expect(await isListening(port)).toBe(false);
  });

  it("gives up when the child that should listen exits first", async () => {
    const child = spawnChild("quitter", "sh", ["-c", "exit 3"], { quiet: true });
    await expect(waitForPort(1, 10_000, child)).rejects.toThrow(/quitter exited/);
  });
});
