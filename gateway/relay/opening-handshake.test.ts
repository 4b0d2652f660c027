import { describe, expect, it } from "vitest";
import { clientExtensionAnswer, deflateOffer, invalidExtensionAnswer, relayableExtensions } from "./opening-handshake";

describe("permessage-deflate negotiation", () => {
  it("offers the backend compression without context takeover when the client offers any permessage-deflate, and nothing else", () => {
    expect(relayableExtensions("permessage-deflate; client_max_window_bits")).toBe(deflateOffer);
    expect(relayableExtensions("x-webkit-deflate-frame, PerMessage-Deflate; server_max_window_bits=10")).toBe(deflateOffer);
    expect(relayableExtensions("x-webkit-deflate-frame")).toBe("");
    expect(relayableExtensions(undefined)).toBe("");
  });

  it("refuses a backend answer without server_no_context_takeover, or with an extension not offered", () => {
    expect(invalidExtensionAnswer(deflateOffer, "permessage-deflate; server_no_context_takeover")).toBeUndefined();
    expect(invalidExtensionAnswer(deflateOffer, "permessage-deflate")).toMatch(/server_no_context_takeover/);
    expect(invalidExtensionAnswer(deflateOffer, "permessage-deflate; server_no_context_takeover, x-other")).toMatch(/not offered/);
    expect(invalidExtensionAnswer("", "permessage-deflate; server_no_context_takeover")).toMatch(/not offered/);
    expect(invalidExtensionAnswer(deflateOffer, undefined)).toBeUndefined();
  });

  it("tells the client not to take over its context, once", () => {
    expect(clientExtensionAnswer("permessage-deflate; server_no_context_takeover")).toBe("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    expect(clientExtensionAnswer("permessage-deflate; client_no_context_takeover; server_no_context_takeover")).toBe(
      "permessage-deflate; client_no_context_takeover; server_no_context_takeover",
    );
    expect(clientExtensionAnswer("")).toBe("");
  });
});
