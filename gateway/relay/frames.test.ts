// The frames the gateway writes itself, and how it reads a close frame's body (RFC 6455 §5.5.1, §7.4).
import { describe, expect, it } from "vitest";
import { FrameParser, Opcode } from "./frame-parser";
import { closeFrame, parseCloseBody, textFrame } from "./frames";

/** Decodes one frame as the receiving peer would. */
function decode(bytes: Buffer) {
  let header: { opcode: number; fin: boolean; masked: boolean } | undefined;
  const pieces: Buffer[] = [];
  let payload = Buffer.alloc(0);
  const parser = new FrameParser({
    onHeader: (p) => (header = { opcode: p.opcode, fin: p.fin, masked: p.masked }),
    onPayload: (chunk, start, end) => pieces.push(chunk.subarray(start, end)),
    onFrameEnd: (p) => {
      const raw = Buffer.concat(pieces);
      payload = p.masked ? Buffer.from(raw.map((b, i) => b ^ p.maskKey[i & 3])) : raw;
    },
    onError: (e) => expect.fail(e.message),
  });
  parser.push(bytes);
  return { ...header!, payload };
}

describe("frames", () => {
  it("writes close frames masked toward a backend and unmasked toward a client, 1005 as an empty body", () => {
    const toClient = decode(closeFrame(1001, "Gateway shutting down", false));
    expect(toClient).toMatchObject({ opcode: Opcode.Close, fin: true, masked: false });
    expect(parseCloseBody(toClient.payload)).toEqual({ code: 1001, reason: "Gateway shutting down" });
    const toBackend = decode(closeFrame(4001, "done", true));
    expect(toBackend.masked).toBe(true);
    expect(parseCloseBody(toBackend.payload)).toEqual({ code: 4001, reason: "done" });
    expect(decode(closeFrame(1005, "", true)).payload).toHaveLength(0);
    expect(decode(textFrame("notice", false))).toMatchObject({ opcode: Opcode.Text, masked: false, payload: Buffer.from("notice") });
  });

  it("cuts a long reason to fit a control frame, at a character boundary", () => {
    const reason = "é".repeat(100);
    const { payload } = decode(closeFrame(1008, reason, false));
    expect(payload.length).toBeLessThanOrEqual(125);
    const parsed = parseCloseBody(payload);
    expect(parsed).toEqual({ code: 1008, reason: "é".repeat(61) });
  });

  it("reads a close body's code and reason, and refuses codes that may not be sent and reasons that are not UTF-8", () => {
    const body = (code: number, reason: Buffer = Buffer.alloc(0)) => Buffer.concat([Buffer.from([code >> 8, code & 0xff]), reason]);
    expect(parseCloseBody(Buffer.alloc(0))).toEqual({ code: 1005, reason: "" });
    expect(parseCloseBody(body(1000, Buffer.from("bye")))).toEqual({ code: 1000, reason: "bye" });
    expect(parseCloseBody(body(4999))).toEqual({ code: 4999, reason: "" });
    for (const code of [999, 1004, 1005, 1006, 1015, 1016, 2999, 5000]) expect(parseCloseBody(body(code))).toEqual({ invalid: `Close code ${code} may not be sent.`, closeCode: 1002 });
    expect(parseCloseBody(body(1000, Buffer.from([0xc3, 0x28])))).toEqual({ invalid: "A close frame's reason must be UTF-8.", closeCode: 1007 });
  });
});
