import { describe, expect, it } from "vitest";
import { BodyTooLarge, readBodyText } from "./request-body";

/** A streamed body (no Content-Length of its own) of `chunks` × `size` bytes, counting what was pulled. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
  const request = new Request("http://localhost/", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("reading a body with a cap", () => {
  it("reads a body under the cap", async () => {
    expect(await readBodyText(new Request("http://localhost/", { method: "POST", body: "grant_type=client_credentials" }), 16 * 1024)).toBe("grant_type=client_credentials");
  });

  it("refuses a declared Content-Length over the cap without reading", async () => {
    const { request, pulled } = streamed(100, 1024, { "content-length": String(100 * 1024) });
    await expect(readBodyText(request, 16 * 1024)).rejects.toBeInstanceOf(BodyTooLarge);
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it("refuses a body with no Content-Length, or a smaller one than it sends, once it passes the cap, and stops reading", async () => {
    for (const headers of [{}, { "content-length": "10" }] as Record<string, string>[]) {
      const { request, pulled } = streamed(2048, 1024, headers);
      await expect(readBodyText(request, 16 * 1024)).rejects.toThrow("The request body is over 16 KiB.");
      expect(pulled()).toBeLessThan(20);
    }
  });
});
