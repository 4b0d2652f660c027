import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { Refusal } from "./refuse";
import { parseRequestHead, readRequestHead, type RequestHead } from "./request-head";

const head = (...lines: string[]) => parseRequestHead(lines.join("\r\n"));
const upgradeLines = ["GET /chat/1.0?x=1 HTTP/1.1", "Host: gw", "Upgrade: websocket", "Connection: keep-alive, Upgrade"];

describe("parseRequestHead", () => {
  it("reads the method, the target as sent and lower-cased header names", () => {
    const r = head(...upgradeLines, "Sec-WebSocket-Key:  dGhlIHNhbXBsZSBub25jZQ==  ") as RequestHead;
    expect(r).toMatchObject({ method: "GET", url: "/chat/1.0?x=1", upgrade: true });
    expect(r.headers).toEqual({ host: "gw", upgrade: "websocket", connection: "keep-alive, Upgrade", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" });
  });

  it("asks to upgrade only with an Upgrade header and the upgrade token in Connection", () => {
    expect(head("GET / HTTP/1.1", "Upgrade: websocket")).toMatchObject({ upgrade: false });
    expect(head("GET / HTTP/1.1", "Connection: upgraded", "Upgrade: websocket")).toMatchObject({ upgrade: false });
    expect(head("GET / HTTP/1.1", "Connection: Upgrade")).toMatchObject({ upgrade: false });
    expect(head("GET / HTTP/1.0", "Connection: UPGRADE", "Upgrade: websocket")).toMatchObject({ upgrade: true });
  });

  it("joins repeated headers as node:http does, keeping the first Authorization", () => {
    const r = head(
      ...upgradeLines,
      "Sec-WebSocket-Protocol: a",
      "Sec-WebSocket-Protocol: b",
      "Authorization: Bearer first",
      "authorization: Bearer second",
      "Cookie: a=1",
      "Cookie: b=2",
    ) as RequestHead;
    expect(r.headers["sec-websocket-protocol"]).toBe("a, b");
    expect(r.headers.authorization).toBe("Bearer first");
    expect(r.headers.cookie).toBe("a=1; b=2");
  });

  it("keeps headers named like Object's properties as plain headers", () => {
    const r = head(...upgradeLines, "__proto__: x", "constructor: y", "toString: z") as RequestHead;
    expect(r.headers.__proto__).toBe("x");
    expect(r.headers.constructor).toBe("y");
    expect(r.headers.tostring).toBe("z");
    expect(r.headers.authorization).toBeUndefined();
  });

  it("refuses with 400 what is not an HTTP/1.1 request head", () => {
    const refused = [
      head("GET /"),
      head("GET / HTTP/2.0"),
      head("GET  / HTTP/1.1"),
      head("GET / HTTP/1.1", "Host : gw"),
      head("GET / HTTP/1.1", "Host: gw", " folded"),
      head("GET / HTTP/1.1", "no colon"),
      head("GET / HTTP/1.1", "X: a\nb"),
      head("GET / HTTP/1.1", "X: a\0b"),
      head("G(T / HTTP/1.1"),
      head("GET /caf\xe9 HTTP/1.1"),
      head("GET /a\x7fb HTTP/1.1"),
      // Found by request-head.fuzz.test.ts, each refused by node:http too: a CR at a value's end,
      // a method node:http does not know, a body's length that is not a number.
      head("GET / HTTP/1.1", "Host: gw\r"),
      head("! / HTTP/1.1"),
      head("BREW / HTTP/1.1"),
      head("GET / HTTP/1.1", "Content-Length: "),
      head("GET / HTTP/1.1", "Content-Length: 0", "Content-Length: 0"),
    ];
    for (const r of refused) {
      expect(r).toBeInstanceOf(Refusal);
      expect(r).toMatchObject({ status: 400, error: "invalid_request" });
    }
  });
});

describe("readRequestHead's reassembly", () => {
  // A head trickled a byte at a time (a slow client, or a hostile one) must cost work in
  // proportion to its size: every byte copied and searched once, not once per later byte.
  it("copies and searches a head sent a byte at a time in work linear in its size", () => {
    const text = `GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Pad: ${"p".repeat(16_000)}\r\n\r\n`;
    const socket = Object.assign(new EventEmitter(), { pause() {}, destroyed: false, writable: true }) as unknown as Socket;
    let got: { head: RequestHead; rest: Buffer } | undefined;
    let copied = 0;
    let searched = 0;
    const concat = Buffer.concat;
    const indexOf = Buffer.prototype.indexOf;
    const spies = [
      vi.spyOn(Buffer, "concat").mockImplementation((list, total) => {
        const out = concat(list, total);
        copied += out.length;
        return out;
      }),
      vi.spyOn(Buffer.prototype, "indexOf").mockImplementation(function (this: Buffer, value, byteOffset, encoding) {
        searched += this.length - (typeof byteOffset === "number" ? byteOffset : 0);
        return indexOf.call(this, value, byteOffset, encoding);
      }),
    ];
    try {
      readRequestHead(socket, (head, _s, rest) => (got = { head, rest }), new Set());
      for (const byte of Buffer.from(text, "latin1")) socket.emit("data", Buffer.from([byte]));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(got?.head).toMatchObject({ method: "GET", url: "/chat", upgrade: true });
    expect(got?.head.headers["x-pad"]).toHaveLength(16_000);
    expect(got?.rest).toHaveLength(0);
    expect(copied).toBeLessThanOrEqual(2 * text.length);
    expect(searched).toBeLessThanOrEqual(2 * text.length);
  });
});
