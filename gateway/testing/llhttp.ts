// node:http's own request parser (llhttp, through node's internal binding) and its header
// joining (IncomingMessage), as an oracle for the gateway's request-head parser in its fuzz
// test. Internal to Node, so kept here and used by tests only.
import { createRequire } from "node:module";
import { IncomingMessage, type IncomingHttpHeaders } from "node:http";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { HTTPParser, methods } = require("_http_common") as { HTTPParser: any; methods: string[] };

export type LlhttpHead = { ok: true; method: string; url: string; httpVersion: string; headers: IncomingHttpHeaders; upgrade: boolean } | { ok: false; code: string };

/** What node:http makes of `head` (a whole request head, blank line included): the request, or its parser's error code. */
export function llhttpHead(head: Buffer): LlhttpHead {
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {}, 16 * 1024, HTTPParser.kLenientNone);
  const raw: string[] = [];
  let result: LlhttpHead | undefined;
  parser[HTTPParser.kOnHeaders] = (headers: string[]) => raw.push(...headers);
  parser[HTTPParser.kOnHeadersComplete] = (major: number, minor: number, headers: string[] | undefined, method: number, url: string, _s: unknown, _m: unknown, upgrade: boolean) => {
    raw.push(...(headers ?? []));
    // IncomingMessage's joining: repeated headers as node:http's request.headers has them.
    const message = new IncomingMessage(null as never) as IncomingMessage & { _addHeaderLines(h: string[], n: number): void };
    message._addHeaderLines(raw, raw.length);
    result = { ok: true, method: methods[method], url, httpVersion: `${major}.${minor}`, headers: { ...message.headers }, upgrade };
  };
  for (const k of [HTTPParser.kOnBody, HTTPParser.kOnMessageComplete, HTTPParser.kOnExecute, HTTPParser.kOnMessageBegin]) parser[k] = () => {};
  const ret = parser.execute(head);
  parser.close?.();
  if (ret instanceof Error) return { ok: false, code: (ret as NodeJS.ErrnoException).code ?? ret.message };
  return result ?? { ok: false, code: "incomplete" };
}
