// The relay's fast path on real loopback sockets: a plain TCP socket is read and written on
// its handle (what it had buffered first, then every chunk in order, into a read buffer of
// its own after the first), a write the kernel cannot take at once is queued and reported
// done, the socket still sees the end of the stream, and a TLS socket keeps its stream API.
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect, createServer as createTlsServer } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../tls";
import { relayOnStreams, startReading, takeReads, tcpHandleOf, writeTo, Written, type TcpOwner } from "./tcp-handle";

const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A connected pair on loopback: `ours` is the side under test, `theirs` the peer. */
async function pair(): Promise<{ ours: Socket; theirs: Socket }> {
  const server = createServer();
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const accepted = once(server, "connection") as Promise<[Socket]>;
  const theirs = connect((server.address() as AddressInfo).port, "127.0.0.1");
  const [ours] = await accepted;
  sockets.push(ours, theirs);
  await once(theirs, "connect");
  return { ours, theirs };
}

/** A pair whose `ours` the handle now reads, for `owner`. */
async function pairOnHandle() {
  const { ours, theirs } = await pair();
  const handle = tcpHandleOf(ours)!;
  const owner = recorder();
  takeReads(ours, handle, owner, true);
  return { ours, theirs, handle, owner };
}

/** Records what the handle delivers; `until` waits for a number of bytes. */
function recorder(): TcpOwner & { chunks: Buffer[]; writesDone: number; until(bytes: number): Promise<Buffer> } {
  const waiters: { bytes: number; resolve: (b: Buffer) => void }[] = [];
  const r = {
    chunks: [] as Buffer[],
    writesDone: 0,
    data(chunk: Buffer) {
      // A copy: the read buffer is reused once this returns.
      r.chunks.push(Buffer.from(chunk));
      const all = Buffer.concat(r.chunks);
      for (const w of waiters.splice(0)) (all.length >= w.bytes ? w.resolve(all) : waiters.push(w));
    },
    writeDone() {
      r.writesDone++;
    },
    until(bytes: number) {
      const all = Buffer.concat(r.chunks);
      return all.length >= bytes ? Promise.resolve(all) : new Promise<Buffer>((resolve) => waiters.push({ bytes, resolve }));
    },
  };
  return r;
}

describe("a TCP socket's handle", () => {
  it("delivers what the socket had buffered first, then every later chunk in order, the reused read buffer included", async () => {
    const { ours, theirs } = await pair();
    ours.pause();
    theirs.write("buffered before the takeover;");
    // A paused socket keeps reading into its own buffer.
    await expect.poll(() => ours.readableLength).toBe(29);
    const handle = tcpHandleOf(ours)!;
    expect(handle).toBeDefined();
    const owner = recorder();
    const buffered = takeReads(ours, handle, owner, true);
    expect(Buffer.concat(buffered).toString()).toBe("buffered before the takeover;");
    startReading(handle);
    // Many reads: the first into a new buffer, the rest into the handle's own, which grows when a read fills it.
    const parts = Array.from({ length: 200 }, (_, i) => Buffer.alloc(i * 97 + 1, i & 0xff));
    const expected = Buffer.concat(parts);
    for (const p of parts) theirs.write(p);
    const got = await owner.until(expected.length);
    expect(got.equals(expected)).toBe(true);
  });

  it("queues what the kernel cannot take, and reports the write done once the peer has read it", async () => {
    const { theirs, handle, owner } = await pairOnHandle();
    theirs.pause();
    // Far more than loopback's socket buffers hold while the peer does not read.
    const big = Buffer.alloc(32 * 1024 * 1024, 7);
    expect(writeTo(handle, [big])).toBe(Written.Queued);
    expect(handle.writeQueueSize).toBeGreaterThan(0);
    let received = 0;
    theirs.on("data", (c: Buffer) => (received += c.length));
    theirs.resume();
    await expect.poll(() => owner.writesDone, { timeout: 10_000 }).toBe(1);
    expect(handle.writeQueueSize).toBe(0);
    await expect.poll(() => received, { timeout: 10_000 }).toBe(big.length);
  });

  it("writes several pieces in one call, and leaves the end of the stream to the socket, which emits 'end'", async () => {
    const { ours, theirs, handle, owner } = await pairOnHandle();
    ours.resume();
    startReading(handle);
    const arrived: Buffer[] = [];
    theirs.on("data", (c: Buffer) => arrived.push(c));
    expect(writeTo(handle, [Buffer.from("one "), Buffer.from("two "), Buffer.from("three")])).toBe(Written.All);
    await expect.poll(() => Buffer.concat(arrived).toString()).toBe("one two three");
    const ended = once(ours, "end");
    theirs.end();
    await ended;
  });

  it("is not used for a TLS socket, nor while the relay is set to the stream API", async () => {
    const dir = mkdtempSync(join(tmpdir(), "duplex-tcp-handle-"));
    try {
      const { cert, key } = await selfSignedCertificate(dir);
      const server = createTlsServer({ cert, key });
      servers.push(server as unknown as Server);
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      const tls = tlsConnect({ port: (server.address() as AddressInfo).port, host: "127.0.0.1", rejectUnauthorized: false });
      sockets.push(tls);
      await once(tls, "secureConnect");
      expect(tcpHandleOf(tls)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { ours } = await pair();
    relayOnStreams(true);
    try {
      expect(tcpHandleOf(ours)).toBeUndefined();
    } finally {
      relayOnStreams(false);
    }
    expect(tcpHandleOf(ours)).toBeDefined();
  });
});
