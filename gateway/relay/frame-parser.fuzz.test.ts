// The frame parser against generated input (fast-check): no throw and no hang on any bytes; the
// same frames and the same error however the bytes are split; valid streams parsed exactly as
// they were built; and the message limit failing exactly where a model of it says.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzRuns } from "../../lib/testing/fuzz-runs";
import { FrameParser, Opcode, type FrameParserOptions } from "./frame-parser";

interface Parsed {
  frames: { opcode: number; fin: boolean; rsv1: boolean; masked: boolean; payload: string }[];
  error?: { code: number; message: string };
}

/** Parses `chunks` in turn, unmasking payloads: what a relay would see. */
function parse(chunks: Buffer[], options: FrameParserOptions = {}): Parsed {
  const out: Parsed = { frames: [] };
  let payload: Buffer[] = [];
  const parser = new FrameParser(
    {
      onHeader: () => (payload = []),
      onPayload: (chunk, start, end) => payload.push(Buffer.from(chunk.subarray(start, end))),
      onFrameEnd: (p) => {
        const bytes = Buffer.concat(payload);
        if (p.masked) for (let i = 0; i < bytes.length; i++) bytes[i] ^= p.maskKey[i & 3];
        out.frames.push({ opcode: p.opcode, fin: p.fin, rsv1: p.rsv1, masked: p.masked, payload: bytes.toString("hex") });
      },
      onError: (e) => (out.error = { code: e.closeCode, message: e.message }),
    },
    options,
  );
  for (const chunk of chunks) parser.push(chunk);
  return out;
}

/** `bytes` cut at `cuts` (positions, any order, repeats and out-of-range ones ignored). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    chunks.push(bytes.subarray(from, c));
    from = c;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

interface Built {
  opcode: number;
  fin: boolean;
  payload: Buffer;
  mask?: Buffer;
}

/** RFC 6455 §5.2, with the shortest length encoding. */
function encode(f: Built): Buffer {
  const length = f.payload.length;
  const size = length > 0xffff ? 8 : length > 125 ? 2 : 0;
  const header = Buffer.alloc(2 + size + (f.mask ? 4 : 0));
  header[0] = (f.fin ? 0x80 : 0) | f.opcode;
  header[1] = (f.mask ? 0x80 : 0) | (size === 8 ? 127 : size === 2 ? 126 : length);
  if (size === 2) header.writeUInt16BE(length, 2);
  if (size === 8) header.writeBigUInt64BE(BigInt(length), 2);
  if (!f.mask) return Buffer.concat([header, f.payload]);
  f.mask.copy(header, 2 + size);
  return Buffer.concat([header, f.payload.map((b, i) => b ^ f.mask![i & 3])]);
}

// Small payloads of random bytes, and now and then one at an encoding's edge (7-, 16-, 64-bit
// lengths) of one repeated byte: what a long one holds matters less to a parser than its length.
const small = (max: number) => fc.uint8Array({ maxLength: max }).map(Buffer.from);
const edge = fc.tuple(fc.constantFrom(125, 126, 127, 65535, 65536, 70000), fc.nat(255)).map(([n, b]) => Buffer.alloc(n, b));
const payload = (max?: number) => (max === undefined ? fc.oneof({ weight: 9, arbitrary: small(140) }, { weight: 1, arbitrary: edge }) : small(max));
const mask = fc.uint8Array({ minLength: 4, maxLength: 4 }).map(Buffer.from);
const control = fc.record({ opcode: fc.constantFrom(Opcode.Ping, Opcode.Pong), payload: payload(125), mask });

/** A valid client stream: messages of 1-4 fragments with pings and pongs between them, and maybe a final close. */
const clientStream = fc
  .tuple(
    fc.array(
      fc.record({
        opcode: fc.constantFrom(Opcode.Text, Opcode.Binary),
        fragments: fc.array(fc.record({ payload: payload(), mask, then: fc.option(control, { nil: undefined }) }), { minLength: 1, maxLength: 4 }),
      }),
      { maxLength: 5 },
    ),
    fc.option(fc.record({ code: fc.integer({ min: 1000, max: 4999 }), mask }), { nil: undefined }),
  )
  .map(([messages, close]) => {
    const frames: Built[] = [];
    for (const m of messages) {
      m.fragments.forEach((f, i) => {
        frames.push({ opcode: i === 0 ? m.opcode : Opcode.Continuation, fin: i === m.fragments.length - 1, payload: f.payload, mask: f.mask });
        if (f.then) frames.push({ ...f.then, fin: true });
      });
    }
    if (close) {
      const body = Buffer.alloc(2);
      body.writeUInt16BE(close.code);
      frames.push({ opcode: Opcode.Close, fin: true, payload: body, mask: close.mask });
    }
    return frames;
  });

const asParsed = (frames: Built[]): Parsed["frames"] =>
  frames.map((f) => ({ opcode: f.opcode, fin: f.fin, rsv1: false, masked: f.mask !== undefined, payload: f.payload.toString("hex") }));

const cuts = fc.array(fc.nat(), { maxLength: 30 });

describe("the frame parser, fuzzed", () => {
  it("parses a valid client stream into exactly the frames it was built from, however it is split", () => {
    fc.assert(
      fc.property(clientStream, cuts, (frames, at) => {
        const bytes = Buffer.concat(frames.map(encode));
        expect(parse(split(bytes, at), { from: "client" })).toEqual({ frames: asParsed(frames) });
      }),
      { numRuns: fuzzRuns },
    );
  });

  it("never throws on any bytes, and answers the same frames and the same error whatever the split, one byte at a time included", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }).map(Buffer.from), cuts, fc.constantFrom<FrameParserOptions>({}, { from: "client" }, { from: "server", compressed: true, maxMessageBytes: 100 }), (bytes, at, options) => {
        const whole = parse([bytes], options);
        expect(parse(split(bytes, at), options)).toEqual(whole);
        expect(parse([...bytes].map((b) => Buffer.from([b])), options)).toEqual(whole);
        if (whole.error) expect([1002, 1009]).toContain(whole.error.code);
      }),
      { numRuns: fuzzRuns },
    );
  });

  it("refuses with 1009 at the header of the first frame whose message passes maxMessageBytes, and not before", () => {
    fc.assert(
      fc.property(clientStream, cuts, fc.nat(), fc.constantFrom(-1, 0, 1), (frames, at, pick, delta) => {
        // The bound sits at, just under or just over one of the stream's own messages' lengths.
        const totals: number[] = [];
        for (const f of frames) {
          if (f.opcode === Opcode.Text || f.opcode === Opcode.Binary) totals.push(f.payload.length);
          else if (f.opcode === Opcode.Continuation) totals[totals.length - 1] += f.payload.length;
        }
        const max = Math.max(1, (totals.length ? totals[pick % totals.length] : 100) + delta);
        // The model: a data message's length is the sum of its fragments', checked as each header arrives.
        let total = 0;
        let over = -1;
        frames.forEach((f, i) => {
          if (over !== -1 || f.opcode >= 0x8) return;
          total = f.opcode === Opcode.Continuation ? total + f.payload.length : f.payload.length;
          if (total > max) over = i;
        });
        const bytes = Buffer.concat(frames.map(encode));
        const parsed = parse(split(bytes, at), { from: "client", maxMessageBytes: max });
        if (over === -1) expect(parsed).toEqual({ frames: asParsed(frames) });
        else expect(parsed).toEqual({ frames: asParsed(frames.slice(0, over)), error: { code: 1009, message: `A message of more than ${max} bytes.` } });
      }),
      { numRuns: fuzzRuns },
    );
  });
});
