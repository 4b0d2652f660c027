import { describe, expect, it } from "vitest";
import { Refusal } from "./refuse";
import { checkUpgrade, parseSubprotocols } from "./check-upgrade";
import type { RequestHead } from "./request-head";

const handshake = (url: string, headers: Record<string, string> = {}): RequestHead => ({
  method: "GET",
  url,
  headers: { host: "gateway", upgrade: "websocket", connection: "Upgrade", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13", ...headers },
  upgrade: true,
  httpVersion: "1.1",
});

describe("checkUpgrade", () => {
  it("splits the path from the raw query", () => {
    expect(checkUpgrade(handshake("/chat/1.0/rooms?a=%20&b"))).toEqual({ path: "/chat/1.0/rooms", query: "a=%20&b", protocols: [] });
  });

  it("resolves dot segments so a path cannot climb out of an API", () => {
    expect(checkUpgrade(handshake("/chat/1.0/../../admin/1.0"))).toMatchObject({ path: "/admin/1.0" });
    expect(checkUpgrade(handshake("//evil/x"))).toMatchObject({ path: "//evil/x" });
  });

  it("refuses what is not a WebSocket handshake with 400, and another version with 426", () => {
    const r = checkUpgrade(handshake("/a", { "sec-websocket-version": "8" }));
    expect(r).toBeInstanceOf(Refusal);
    expect(r).toMatchObject({ status: 426, error: "unsupported_websocket_version", headers: { "Sec-WebSocket-Version": "13" } });
    expect(checkUpgrade({ ...handshake("/a"), upgrade: false })).toMatchObject({ status: 400, message: "The Connection header must include Upgrade." });
    expect(checkUpgrade(handshake("/a", { "sec-websocket-key": "short" }))).toMatchObject({ status: 400 });
    expect(checkUpgrade(handshake("/a", { "sec-websocket-protocol": "a, a" }))).toMatchObject({ status: 400 });
  });
});

describe("parseSubprotocols", () => {
  it("keeps the client's order", () => {
    expect(parseSubprotocols("chat.v2, chat.v1")).toEqual(["chat.v2", "chat.v1"]);
    expect(parseSubprotocols(undefined)).toEqual([]);
  });

  it("rejects names that are not tokens", () => {
    expect(parseSubprotocols("a b")).toBeUndefined();
    expect(parseSubprotocols("a,,b")).toBeUndefined();
  });
});
