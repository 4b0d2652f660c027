// Reading a request body with a cap. Content-Length is only a claim: a chunked body has none,
// so the stream itself is counted and abandoned once it passes the cap, never buffered whole.

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is over ${maxBytes / 1024} KiB.`);
    this.name = "BodyTooLarge";
  }
}

/** The body as UTF-8 text; BodyTooLarge past `maxBytes` (by its Content-Length, or as it arrives). */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
