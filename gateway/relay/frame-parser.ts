// Reads WebSocket frame headers (RFC 6455 §5.2) from a byte stream that arrives in chunks
// split anywhere, so a relay can pass the bytes on as they are and still know where each
// frame starts and ends, its opcode and its length. One explicit state machine, as in
// websockets/ws lib/receiver.js; payloads are reported as slices of the chunk they arrived
// in (still masked, never copied), and nothing is allocated per frame: a header split
// across chunks is gathered in a small buffer the parser owns.

export const Opcode = { Continuation: 0x0, Text: 0x1, Binary: 0x2, Close: 0x8, Ping: 0x9, Pong: 0xa } as const;

/** A protocol violation; the connection must close with `closeCode` (RFC 6455 §7.4.1). */
export class FrameError extends Error {
  constructor(
    /** 1002 protocol error, 1009 message too big. */
    readonly closeCode: 1002 | 1009,
    message: string,
  ) {
    super(message);
    this.name = "FrameError";
  }
}

export interface FrameHandler {
  /** A frame's header is complete; its fields are on the parser until the next header. */
  onHeader(parser: FrameParser): void;
  /** Some of the current frame's payload, as on the wire (masked when `parser.masked`): chunk[start, end). */
  onPayload?(chunk: Buffer, start: number, end: number): void;
  /** The current frame ends just before chunk[end]. */
  onFrameEnd?(parser: FrameParser, chunk: Buffer, end: number): void;
  /** Called once; the parser ignores whatever is pushed afterwards. */
  onError(error: FrameError): void;
}

export interface FrameParserOptions {
  /**
   * Who sends the frames: a client's must be masked, a server's must not be (§5.1).
   * Undefined accepts both.
   */
  from?: "client" | "server";
  /** A data message (all its fragments) longer than this is refused with 1009; 0 never is. */
  maxMessageBytes?: number;
  /**
   * permessage-deflate was negotiated (RFC 7692 §6): RSV1 marks a compressed message on its
   * first frame, and only there. Lengths are then the compressed ones.
   */
  compressed?: boolean;
}

// States: which part of a frame the next byte belongs to.
const INFO = 0; // the first two bytes: FIN, RSV, opcode, MASK, 7-bit length
const LENGTH_16 = 1;
const LENGTH_64 = 2;
const MASK_KEY = 3;
const PAYLOAD = 4;

const twoTo32 = 2 ** 32;

export class FrameParser {
  /** The current frame's FIN bit: the last fragment of its message. */
  fin = false;
  /** The current frame's RSV1 bit: a compressed message's first frame (permessage-deflate). */
  rsv1 = false;
  opcode = 0;
  masked = false;
  /** The current frame's payload length (up to 2^53 - 1). */
  payloadLength = 0;
  /** 2 to 14: the current frame's header size in bytes. */
  headerLength = 0;
  /** The current frame's masking key (valid when `masked`); the same buffer for every frame. */
  readonly maskKey: Buffer;
  /**
   * Where the current frame's first byte is, relative to the start of the chunk being
   * parsed: negative when the frame began in an earlier chunk.
   */
  frameStart = 0;
  /** Text or Binary: the opcode of the data message that Continuation frames belong to. */
  messageOpcode = 0;
  /** Payload bytes of the current data message so far, this frame included. */
  messageLength = 0;

  #state = INFO;
  #payloadLeft = 0;
  #fragmented = false;
  #failed = false;
  // A header field split across chunks is gathered here; #gathered counts its bytes. From
  // Buffer's shared pool, with maskKey: a parser per connection side adds no allocation of its own.
  readonly #scratch: Buffer;
  #gathered = 0;
  // Where #need() found its bytes: #src[#srcAt, #srcAt + n).
  #src: Buffer;
  #srcAt = 0;
  #pos = 0;
  // The chunk being parsed, during push() only.
  #chunk: Buffer;
  readonly #requireMask: boolean | undefined;
  readonly #maxMessageBytes: number;
  readonly #compressed: boolean;

  constructor(
    private readonly handler: FrameHandler,
    options: FrameParserOptions = {},
  ) {
    const bytes = Buffer.allocUnsafe(12);
    this.#scratch = bytes.subarray(0, 8);
    this.maskKey = bytes.subarray(8, 12);
    this.#src = this.#chunk = this.#scratch;
    this.#requireMask = options.from === undefined ? undefined : options.from === "client";
    this.#maxMessageBytes = options.maxMessageBytes ?? 0;
    this.#compressed = options.compressed ?? false;
  }

  /** Whether a protocol error stopped the parser. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Whether a data message has begun and its final fragment has not arrived yet. */
  get inMessage(): boolean {
    return this.#fragmented;
  }

  /**
   * Whether the bytes pushed so far end inside a frame's header: the frame began (at
   * `frameStart`, relative to the next chunk) and its header is not complete yet.
   */
  get midHeader(): boolean {
    return this.#state !== PAYLOAD && (this.#state !== INFO || this.#gathered > 0);
  }

  push(chunk: Buffer): void {
    if (this.#failed) return;
    const length = chunk.length;
    this.#chunk = chunk;
    this.#pos = 0;
    while (this.#pos < length && !this.#failed) {
      switch (this.#state) {
        case PAYLOAD:
          this.#payload();
          break;
        case INFO:
          if (this.#gathered === 0) {
            this.frameStart = this.#pos;
            this.headerLength = 2;
          }
          if (this.#need(2)) this.#info(this.#src[this.#srcAt], this.#src[this.#srcAt + 1]);
          break;
        case LENGTH_16:
          if (this.#need(2)) this.#lengthKnown(this.#src.readUInt16BE(this.#srcAt));
          break;
        case LENGTH_64:
          if (this.#need(8)) this.#length64(this.#src.readUInt32BE(this.#srcAt), this.#src.readUInt32BE(this.#srcAt + 4));
          break;
        case MASK_KEY:
          if (this.#need(4)) {
            // Byte by byte: Buffer#copy costs more than four stores for four bytes.
            const src = this.#src;
            const at = this.#srcAt;
            const key = this.maskKey;
            key[0] = src[at];
            key[1] = src[at + 1];
            key[2] = src[at + 2];
            key[3] = src[at + 3];
            this.#headerDone();
          }
          break;
      }
    }
    // Not kept past this call: an idle connection holds no chunk.
    this.#chunk = this.#scratch;
    this.#src = this.#scratch;
    // The current frame, if unfinished, began before the next chunk.
    this.frameStart -= length;
  }

  /**
   * Makes `n` bytes available at #src[#srcAt]: in place when the chunk holds them all, else
   * gathered into #scratch. False when the chunk ran out first (they wait for the next one).
   */
  #need(n: number): boolean {
    const chunk = this.#chunk;
    const available = chunk.length - this.#pos;
    if (this.#gathered === 0 && available >= n) {
      this.#src = chunk;
      this.#srcAt = this.#pos;
      this.#pos += n;
      return true;
    }
    const take = Math.min(n - this.#gathered, available);
    chunk.copy(this.#scratch, this.#gathered, this.#pos, this.#pos + take);
    this.#gathered += take;
    this.#pos += take;
    if (this.#gathered < n) return false;
    this.#gathered = 0;
    this.#src = this.#scratch;
    this.#srcAt = 0;
    return true;
  }

  #info(first: number, second: number): boolean {
    this.fin = (first & 0x80) !== 0;
    this.rsv1 = (first & 0x40) !== 0;
    this.opcode = first & 0x0f;
    this.masked = (second & 0x80) !== 0;
    const length7 = second & 0x7f;
    const opcode = this.opcode;
    // §5.2: RSV1-3 are 0 unless an extension says otherwise; permessage-deflate gives RSV1 a meaning (RFC 7692 §6).
    if (first & 0x30) return this.#fail(1002, "RSV2 and RSV3 must be 0: no extension defines them.");
    if (this.rsv1 && !(this.#compressed && (opcode === Opcode.Text || opcode === Opcode.Binary))) {
      return this.#fail(1002, this.#compressed ? "RSV1 is set only on a compressed message's first frame." : "RSV1 must be 0: no extension was negotiated.");
    }
    if (opcode >= 0x8) {
      if (opcode > Opcode.Pong) return this.#fail(1002, `Reserved control opcode 0x${opcode.toString(16)}.`);
      // §5.5: control frames are never fragmented and carry at most 125 bytes.
      if (!this.fin) return this.#fail(1002, "A control frame must not be fragmented.");
      if (length7 > 125) return this.#fail(1002, "A control frame's payload must be 125 bytes or fewer.");
      // §5.5.1: a close body, when present, starts with a 2-byte status code.
      if (opcode === Opcode.Close && length7 === 1) return this.#fail(1002, "A close frame's body must be empty or start with a 2-byte code.");
    } else if (opcode === Opcode.Continuation) {
      if (!this.#fragmented) return this.#fail(1002, "A continuation frame without a message to continue.");
    } else if (opcode === Opcode.Text || opcode === Opcode.Binary) {
      if (this.#fragmented) return this.#fail(1002, "A new data message began before the previous one's final fragment.");
    } else {
      return this.#fail(1002, `Reserved data opcode 0x${opcode.toString(16)}.`);
    }
    if (this.#requireMask !== undefined && this.masked !== this.#requireMask) {
      return this.#fail(1002, this.#requireMask ? "A client's frames must be masked." : "A server's frames must not be masked.");
    }
    if (length7 === 126) {
      this.headerLength += 2;
      this.#state = LENGTH_16;
      return true;
    }
    if (length7 === 127) {
      this.headerLength += 8;
      this.#state = LENGTH_64;
      return true;
    }
    return this.#lengthKnown(length7);
  }

  #length64(high: number, low: number): boolean {
    // §5.2: "the most significant bit MUST be 0".
    if (high >= 0x80000000) return this.#fail(1002, "A 64-bit payload length must have its most significant bit clear.");
    if (high > 0x1fffff) return this.#fail(1009, "Payload lengths above 2^53 - 1 are not supported.");
    return this.#lengthKnown(high * twoTo32 + low);
  }

  #lengthKnown(payloadLength: number): boolean {
    this.payloadLength = payloadLength;
    const opcode = this.opcode;
    if (opcode < 0x8) {
      this.messageLength = opcode === Opcode.Continuation ? this.messageLength + this.payloadLength : this.payloadLength;
      if (this.#maxMessageBytes > 0 && this.messageLength > this.#maxMessageBytes) {
        return this.#fail(1009, `A message of more than ${this.#maxMessageBytes} bytes.`);
      }
      if (opcode !== Opcode.Continuation) this.messageOpcode = opcode;
      this.#fragmented = !this.fin;
    }
    if (this.masked) {
      this.headerLength += 4;
      this.#state = MASK_KEY;
    } else {
      this.#headerDone();
    }
    return true;
  }

  #headerDone(): void {
    this.#payloadLeft = this.payloadLength;
    this.#state = PAYLOAD;
    this.handler.onHeader(this);
    // An empty payload ends the frame with its header, even at the end of a chunk.
    if (this.payloadLength === 0) this.#frameEnd();
  }

  #payload(): void {
    const chunk = this.#chunk;
    const start = this.#pos;
    const take = Math.min(this.#payloadLeft, chunk.length - start);
    this.#pos = start + take;
    this.#payloadLeft -= take;
    this.handler.onPayload?.(chunk, start, this.#pos);
    if (this.#payloadLeft === 0) this.#frameEnd();
  }

  #frameEnd(): void {
    this.#state = INFO;
    this.handler.onFrameEnd?.(this, this.#chunk, this.#pos);
  }

  #fail(code: 1002 | 1009, message: string): false {
    this.#failed = true;
    this.handler.onError(new FrameError(code, message));
    return false;
  }
}
