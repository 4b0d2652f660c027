// The request-head parser against node:http's (llhttp, gateway/testing/llhttp.ts), on generated
// heads (fast-check): a head the gateway accepts, node:http accepts too, with the same method,
// target, version and headers (joined as request.headers joins them), so that the gateway and
// a backend behind it never read one request two ways; a well-formed head both accept. The
// gateway refuses some heads node:http takes (obsolete line folding, HTTP/1.0's upgrade, bytes
// a target may not hold): the other way round only.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzRuns } from "../../lib/testing/fuzz-runs";
import { llhttpHead } from "../testing/llhttp";
import { Refusal } from "./refuse";
import { parseRequestHead } from "./request-head";

const tchar = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const chars = (set: string, options: { minLength?: number; maxLength?: number } = {}) => fc.string({ unit: fc.constantFrom(...set), ...options });
const anyByte = fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b));
// Mostly the usual, now and then anything: the edges are where parsers disagree.
const mostly = (usual: fc.Arbitrary<string>, odd: fc.Arbitrary<string>) => fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: odd });

const method = mostly(fc.constantFrom("GET", "POST", "HEAD", "OPTIONS", "PUT"), fc.oneof(chars(tchar, { minLength: 1, maxLength: 8 }), fc.string({ unit: anyByte, maxLength: 6 })));
const target = mostly(
  chars("abcdefghijklmnopqrstuvwxyz0123456789/-._~%?=&").map((p) => `/${p}`),
  fc.string({ unit: fc.oneof(fc.constantFrom(..."/?#[]@!$&'()*+,;=:%\"<>\\^`{|} \t\x7f\x80\xff\x00"), anyByte), maxLength: 12 }).map((p) => `/${p}`),
);
const version = mostly(fc.constantFrom("HTTP/1.1"), fc.constantFrom("HTTP/1.0", "HTTP/2.0", "HTTP/1.10", "http/1.1", "HTTP/1", "HTTP/1.1 ", ""));
const name = mostly(
  fc.constantFrom("Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Authorization", "Cookie", "Set-Cookie", "X-Forwarded-For", "Content-Length", "User-Agent", "__proto__"),
  fc.oneof(chars(tchar, { minLength: 1, maxLength: 10 }), fc.string({ unit: anyByte, maxLength: 8 })),
);
const value = mostly(
  chars("abcdefghijklmnopqrstuvwxyz0123456789 ,;=/+-_.:"),
  fc.string({ unit: fc.oneof(fc.constantFrom("\t", " ", "\x7f", "\x80", "\xe9", "\xff", "\x00", "\r", "\n"), anyByte), maxLength: 10 }),
);
const separator = mostly(fc.constantFrom(": ", ":"), fc.constantFrom(" : ", ":\t", " :", "", "::"));
const field = fc.tuple(name, separator, value).map(([n, s, v]) => `${n}${s}${v}`);
// Now and then a line that continues the one before (obsolete folding).
const line = mostly(field, value.map((v) => ` ${v}`));

/** A head's text up to the blank line, as the gateway's parser takes it. */
const head = fc.tuple(method, target, version, fc.array(line, { maxLength: 8 })).map(([m, t, v, lines]) => [`${m} ${t} ${v}`, ...lines].join("\r\n"));

/** A well-formed head: what every client sends. */
const wellFormed = fc
  .tuple(fc.constantFrom("GET", "OPTIONS"), chars("abcdefghijklmnopqrstuvwxyz0123456789/-._~%?=&").map((p) => `/${p}`), fc.array(fc.tuple(name.filter((n) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(n) && !/^(content-length|transfer-encoding)$/i.test(n)), chars("abcdefghijklmnopqrstuvwxyz0123456789 ,;=/+-_.:")), { maxLength: 8 }))
  .map(([m, t, fields]) => [`${m} ${t} HTTP/1.1`, ...fields.map(([n, v]) => `${n}: ${v}`)].join("\r\n"));

const asBytes = (text: string) => Buffer.from(`${text}\r\n\r\n`, "latin1");

describe("the request-head parser against node:http, fuzzed", () => {
  it("accepts only what node:http accepts, and reads it the same: method, target, version, headers", () => {
    fc.assert(
      fc.property(head, (text) => {
        const ours = parseRequestHead(text);
        if (ours instanceof Refusal) return;
        const theirs = llhttpHead(asBytes(text));
        expect(theirs, `node:http refuses what the gateway accepts: ${JSON.stringify(text)}`).toMatchObject({ ok: true });
        if (!theirs.ok) return;
        // node:http's request.headers is a plain object, where a header named __proto__ sets the
        // prototype instead; the gateway's has no prototype and keeps it as a header like any other.
        const { __proto__: _kept, ...headers } = { ...ours.headers } as Record<string, unknown>;
        expect({ method: ours.method, url: ours.url, httpVersion: ours.httpVersion, headers }).toEqual({
          method: theirs.method,
          url: theirs.url,
          httpVersion: theirs.httpVersion,
          headers: theirs.headers,
        });
      }),
      { numRuns: fuzzRuns * 10 },
    );
  });

  it("accepts every well-formed head, as node:http does", () => {
    fc.assert(
      fc.property(wellFormed, (text) => {
        expect(llhttpHead(asBytes(text))).toMatchObject({ ok: true });
        expect(parseRequestHead(text)).not.toBeInstanceOf(Refusal);
      }),
      { numRuns: fuzzRuns },
    );
  });
});
