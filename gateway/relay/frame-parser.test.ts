// The frame-header parser on Autobahn-style cases: RFC 6455 §5.7's examples, fragmented
// messages with control frames between fragments, 16- and 64-bit lengths, every split of
// the stream across chunks, masked and unmasked frames, and the protocol errors (1002).
import { describe, expect, it } from "vitest";
import { FrameParser, Opcode, type FrameError, type FrameParserOptions } from "./frame-parser";

interface Frame {
  fin?: boolean;
  opcode: number;
  payload?: Buffer | string;
  mask?: Buffer;
  rsv?: number;
}

/** Encodes one frame as a peer would put it on the wire (§5.2). */
function encode({ fin = true, opcode, payload = "", mask, rsv = 0 }: Frame): Buffer {
  const body = Buffer.from(payload);
  const length = body.length;
  const size = length > 0xffff ? 8 : length > 125 ? 2 : 0;
  const header = Buffer.alloc(2 + size + (mask ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
  header[1] = (mask ? 0x80 : 0) | (size === 8 ? 127 : size === 2 ? 126 : length);
  if (size === 2) header.writeUInt16BE(length, 2);
  if (size === 8) header.writeBigUInt64BE(BigInt(length), 2);
  if (!mask) return Buffer.concat([header, body]);
  mask.copy(header, 2 + size);
  return Buffer.concat([header, body.map((b, i) => b ^ mask[i % 4])]);
}

interface Seen {
  fin: boolean;
  opcode: number;
  masked: boolean;
  length: number;
  headerLength: number;
  /** Offsets in the whole stream. */
  start: number;
  end: number;
  /** Unmasked. */
  payload: string;
  messageOpcode: number;
}

/** Feeds `chunks` to a parser and records every frame, with offsets in the whole stream. */
function parse(chunks: Buffer[], options: FrameParserOptions = {}) {
  const frames: Seen[] = [];
  const errors: FrameError[] = [];
  const sameChunk: boolean[] = [];
  let base = 0;
  let current: Seen | undefined;
  let pieces: Buffer[] = [];
  let chunkNow: Buffer;
  const parser = new FrameParser(
    {
      onHeader(p) {
        current = {
          fin: p.fin,
          opcode: p.opcode,
          masked: p.masked,
          length: p.payloadLength,
          headerLength: p.headerLength,
          start: base + p.frameStart,
          end: -1,
          payload: "",
          messageOpcode: p.messageOpcode,
        };
        pieces = [];
      },
      onPayload(chunk, start, end) {
        sameChunk.push(chunk === chunkNow);
        pieces.push(chunk.subarray(start, end));
      },
      onFrameEnd(p, chunk, end) {
        sameChunk.push(chunk === chunkNow);
        const raw = Buffer.concat(pieces);
        current!.payload = (p.masked ? raw.map((b, i) => b ^ p.maskKey[i % 4]) : raw).toString("latin1");
        current!.end = base + end;
        frames.push(current!);
      },
      onError(e) {
        errors.push(e);
      },
    },
    options,
  );
  for (const chunk of chunks) {
    chunkNow = chunk;
    parser.push(chunk);
    base += chunk.length;
  }
  expect(sameChunk.every(Boolean)).toBe(true);
  return { frames, errors, parser };
}

const key = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

/** A stream of frames, and what the parser should report for each. */
function stream(frames: Frame[]) {
  const encoded = frames.map(encode);
  let at = 0;
  const expected = frames.map((f, i) => {
    const start = at;
    at += encoded[i].length;
    return expect.objectContaining({
      fin: f.fin ?? true,
      opcode: f.opcode,
      masked: !!f.mask,
      length: Buffer.byteLength(f.payload ?? ""),
      start,
      end: at,
      payload: Buffer.from(f.payload ?? "").toString("latin1"),
    });
  });
  return { bytes: Buffer.concat(encoded), expected };
}

function splitAt(bytes: Buffer, ...offsets: number[]): Buffer[] {
  const cuts = [0, ...offsets, bytes.length];
  return cuts.slice(1).map((end, i) => bytes.subarray(cuts[i], end));
}

describe("frame parser", () => {
  it("reads RFC 6455 §5.7's example frames byte for byte", () => {
    const hex = (s: string) => Buffer.from(s.replace(/ /g, ""), "hex");
    const { frames, errors } = parse([
      hex("81 05 48 65 6c 6c 6f"), // unmasked text "Hello"
      hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), // masked text "Hello"
      hex("01 03 48 65 6c 80 02 6c 6f"), // "Hel" + "lo", fragmented
      hex("89 05 48 65 6c 6c 6f 8a 85 37 fa 21 3d 7f 9f 4d 51 58"), // ping, masked pong
    ]);
    expect(errors).toEqual([]);
    expect(frames.map((f) => [f.fin, f.opcode, f.masked, f.payload])).toEqual([
      [true, Opcode.Text, false, "Hello"],
      [true, Opcode.Text, true, "Hello"],
      [false, Opcode.Text, false, "Hel"],
      [true, Opcode.Continuation, false, "lo"],
      [true, Opcode.Ping, false, "Hello"],
      [true, Opcode.Pong, true, "Hello"],
    ]);
  });

  it("reads 7-, 16- and 64-bit payload lengths at their boundaries", () => {
    const sizes = [0, 125, 126, 65535, 65536, 70000];
    const { bytes, expected } = stream(sizes.map((n) => ({ opcode: Opcode.Binary, payload: Buffer.alloc(n, 0x61), mask: key })));
    const { frames, errors } = parse([bytes], { from: "client" });
    expect(errors).toEqual([]);
    expect(frames).toEqual(expected);
    expect(frames.map((f) => f.headerLength)).toEqual([6, 6, 8, 8, 14, 14]);
  });

  it("reads a 64-bit length whose high word is used", () => {
    const header = Buffer.from([0x82, 0x7f, 0, 0, 0, 1, 0, 0, 0, 2]);
    const seen: number[] = [];
    const parser = new FrameParser({ onHeader: (p) => seen.push(p.payloadLength), onError: (e) => expect.fail(e.message) });
    parser.push(header);
    expect(seen).toEqual([2 ** 32 + 2]);
  });

  it("follows a fragmented text message with ping, pong and close frames between its fragments", () => {
    const { bytes, expected } = stream([
      { fin: false, opcode: Opcode.Text, payload: "frag", mask: key },
      { opcode: Opcode.Ping, payload: "are you there", mask: key },
      { fin: false, opcode: Opcode.Continuation, payload: "men", mask: key },
      { opcode: Opcode.Pong, mask: key },
      { fin: true, opcode: Opcode.Continuation, payload: "ted", mask: key },
      { opcode: Opcode.Binary, payload: "next", mask: key },
      { opcode: Opcode.Close, payload: Buffer.from([0x03, 0xe8]), mask: key },
    ]);
    const { frames, errors } = parse([bytes], { from: "client" });
    expect(errors).toEqual([]);
    expect(frames).toEqual(expected);
    // Continuations carry the message's opcode; control frames leave it alone.
    expect(frames.map((f) => f.messageOpcode)).toEqual([1, 1, 1, 1, 1, 2, 2]);
  });

  it("finds the same frames and boundaries whichever byte the stream is split at", () => {
    const { bytes, expected } = stream([
      { fin: false, opcode: Opcode.Text, payload: "x".repeat(200), mask: key },
      { opcode: Opcode.Ping, mask: key },
      { opcode: Opcode.Continuation, payload: "y".repeat(70_000), mask: key },
      { opcode: Opcode.Binary, payload: "z", mask: key },
      { opcode: Opcode.Close, payload: Buffer.from([0x03, 0xe8, 0x62, 0x79, 0x65]), mask: key },
    ]);
    // Every single split in the headers and around the payload boundaries; then two-way splits.
    const offsets = [...Array(bytes.length + 1).keys()].filter((i) => i < 300 || Math.abs(i - (bytes.length - 20)) < 40 || i % 4999 === 0);
    for (const at of offsets) {
      const { frames, errors } = parse(splitAt(bytes, at), { from: "client" });
      expect(errors, `split at ${at}`).toEqual([]);
      expect(frames, `split at ${at}`).toEqual(expected);
    }
    for (let a = 0; a < 230; a += 7) {
      for (let b = a; b < 240; b += 11) expect(parse(splitAt(bytes, a, b), { from: "client" }).frames, `split at ${a}, ${b}`).toEqual(expected);
    }
  });

  it("reads a stream fed one byte at a time", () => {
    const { bytes, expected } = stream([
      { opcode: Opcode.Text, payload: "hi" },
      { opcode: Opcode.Binary, payload: Buffer.alloc(300, 1) },
      { opcode: Opcode.Binary, payload: Buffer.alloc(65536, 2) },
      { opcode: Opcode.Close },
    ]);
    const { frames, errors } = parse([...bytes].map((b) => Buffer.from([b])), { from: "server" });
    expect(errors).toEqual([]);
    expect(frames).toEqual(expected);
  });

  it("reads many frames from one chunk", () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ opcode: Opcode.Text, payload: `message ${i}` }));
    const { bytes, expected } = stream(many);
    const { frames } = parse([bytes], { from: "server" });
    expect(frames).toHaveLength(1000);
    expect(frames).toEqual(expected);
  });

  it("reports empty frames at the very end of a chunk", () => {
    const { bytes, expected } = stream([{ opcode: Opcode.Ping }, { opcode: Opcode.Text }, { opcode: Opcode.Pong, mask: key }]);
    for (let at = 0; at <= bytes.length; at++) expect(parse(splitAt(bytes, at)).frames).toEqual(expected);
  });

  it("counts a fragmented message's length across its fragments and refuses one over the limit with 1009", () => {
    const fragments = [
      { fin: false, opcode: Opcode.Binary, payload: Buffer.alloc(60) },
      { fin: false, opcode: Opcode.Continuation, payload: Buffer.alloc(40) },
      { opcode: Opcode.Continuation, payload: Buffer.alloc(1) },
    ];
    const exact = parse([stream(fragments.slice(0, 2)).bytes], { maxMessageBytes: 100 });
    expect(exact.errors).toEqual([]);
    expect(exact.parser.messageLength).toBe(100);
    expect(exact.parser.inMessage).toBe(true);
    const over = parse([stream(fragments).bytes], { maxMessageBytes: 100 });
    expect(over.errors.map((e) => e.closeCode)).toEqual([1009]);
    expect(over.frames).toHaveLength(2);
  });

  it("requires masking of a client's frames and refuses it on a server's", () => {
    const masked = encode({ opcode: Opcode.Text, payload: "a", mask: key });
    const plain = encode({ opcode: Opcode.Text, payload: "a" });
    expect(parse([masked], { from: "client" }).errors).toEqual([]);
    expect(parse([plain], { from: "server" }).errors).toEqual([]);
    expect(parse([plain], { from: "client" }).errors.map((e) => [e.closeCode, e.message])).toEqual([[1002, "A client's frames must be masked."]]);
    expect(parse([masked], { from: "server" }).errors.map((e) => [e.closeCode, e.message])).toEqual([[1002, "A server's frames must not be masked."]]);
  });

  it("takes RSV1 on a compressed message's first frame when permessage-deflate was negotiated, and nowhere else", () => {
    const compressed = { compressed: true, from: "client" as const };
    const { bytes, expected } = stream([
      { fin: false, opcode: Opcode.Text, payload: "abc", mask: key, rsv: 4 },
      { opcode: Opcode.Ping, mask: key },
      { opcode: Opcode.Continuation, payload: "def", mask: key },
      { opcode: Opcode.Binary, payload: "plain", mask: key },
    ]);
    for (let at = 0; at <= bytes.length; at++) {
      const { frames, errors } = parse(splitAt(bytes, at), compressed);
      expect(errors).toEqual([]);
      expect(frames).toEqual(expected);
    }
    const rsv1 = (frames: Frame[]) => parse([stream(frames).bytes], compressed).errors.map((e) => [e.closeCode, e.message]);
    expect(rsv1([{ fin: false, opcode: Opcode.Text, payload: "a", mask: key }, { opcode: Opcode.Continuation, payload: "b", mask: key, rsv: 4 }])).toEqual([
      [1002, "RSV1 is set only on a compressed message's first frame."],
    ]);
    expect(rsv1([{ opcode: Opcode.Ping, mask: key, rsv: 4 }])).toEqual([[1002, "RSV1 is set only on a compressed message's first frame."]]);
    expect(rsv1([{ opcode: Opcode.Text, payload: "a", mask: key, rsv: 2 }])).toEqual([[1002, "RSV2 and RSV3 must be 0: no extension defines them."]]);
  });

  it("says when the bytes pushed end inside a header, and where that header began", () => {
    const bytes = encode({ opcode: Opcode.Binary, payload: Buffer.alloc(300), mask: key });
    const ends: boolean[] = [];
    const parser = new FrameParser({ onHeader: () => {}, onError: (e) => expect.fail(e.message) });
    for (let i = 0; i < 8; i++) {
      parser.push(bytes.subarray(i, i + 1));
      ends.push(parser.midHeader);
      // Relative to the next chunk: the header began i + 1 bytes before it.
      if (parser.midHeader) expect(parser.frameStart).toBe(-(i + 1));
    }
    // 2 bytes of length info, 2 of 16-bit length, 4 of mask key: complete after the 8th byte.
    expect(ends).toEqual([true, true, true, true, true, true, true, false]);
  });

  describe("refuses protocol errors with 1002", () => {
    const cases: [string, Frame[], RegExp][] = [
      ["reserved data opcode 0x3", [{ opcode: 0x3 }], /Reserved data opcode 0x3/],
      ["reserved data opcode 0x7", [{ opcode: 0x7 }], /Reserved data opcode 0x7/],
      ["reserved control opcode 0xb", [{ opcode: 0xb }], /Reserved control opcode 0xb/],
      ["reserved control opcode 0xf", [{ opcode: 0xf }], /Reserved control opcode 0xf/],
      ["RSV1 without permessage-deflate", [{ opcode: Opcode.Text, rsv: 4 }], /RSV1 must be 0/],
      ["RSV2", [{ opcode: Opcode.Text, rsv: 2 }], /RSV2 and RSV3/],
      ["RSV3 on a ping", [{ opcode: Opcode.Ping, rsv: 1 }], /RSV2 and RSV3/],
      ["a ping of 126 bytes", [{ opcode: Opcode.Ping, payload: Buffer.alloc(126) }], /125 bytes or fewer/],
      ["a close of 126 bytes", [{ opcode: Opcode.Close, payload: Buffer.alloc(126) }], /125 bytes or fewer/],
      ["a fragmented ping", [{ opcode: Opcode.Ping, fin: false }], /must not be fragmented/],
      ["a fragmented close", [{ opcode: Opcode.Close, fin: false, payload: Buffer.from([3, 232]) }], /must not be fragmented/],
      ["a close body of one byte", [{ opcode: Opcode.Close, payload: Buffer.from([3]) }], /2-byte code/],
      ["a continuation with no message begun", [{ opcode: Opcode.Continuation, payload: "x" }], /without a message to continue/],
      [
        "a new text message inside a fragmented one",
        [{ opcode: Opcode.Text, fin: false, payload: "a" }, { opcode: Opcode.Text, payload: "b" }],
        /before the previous one's final fragment/,
      ],
      [
        "a continuation after the final fragment",
        [{ opcode: Opcode.Text, fin: false, payload: "a" }, { opcode: Opcode.Continuation, payload: "b" }, { opcode: Opcode.Continuation, payload: "c" }],
        /without a message to continue/,
      ],
    ];
    it.each(cases)("%s", (_name, frames, message) => {
      const { bytes } = stream(frames);
      // Split inside the offending header too: the error must not depend on chunking.
      for (const chunks of [[bytes], [...bytes].map((b) => Buffer.from([b]))]) {
        const { errors } = parse(chunks);
        expect(errors).toHaveLength(1);
        expect(errors[0].closeCode).toBe(1002);
        expect(errors[0].message).toMatch(message);
      }
    });

    it("a 64-bit length with its most significant bit set", () => {
      const { errors } = parse([Buffer.from([0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1])]);
      expect(errors.map((e) => e.closeCode)).toEqual([1002]);
    });
  });

  it("refuses a payload length beyond 2^53 - 1 with 1009", () => {
    const { errors } = parse([Buffer.from([0x82, 0x7f, 0x00, 0x20, 0, 0, 0, 0, 0, 0])]);
    expect(errors.map((e) => e.closeCode)).toEqual([1009]);
  });

  it("reports frames before an error, then ignores whatever follows it", () => {
    const bytes = Buffer.concat([encode({ opcode: Opcode.Text, payload: "ok" }), encode({ opcode: 0x3 }), encode({ opcode: Opcode.Text, payload: "late" })]);
    const { frames, errors, parser } = parse([bytes, encode({ opcode: Opcode.Text, payload: "later" })]);
    expect(frames.map((f) => f.payload)).toEqual(["ok"]);
    expect(errors).toHaveLength(1);
    expect(parser.failed).toBe(true);
  });
});
