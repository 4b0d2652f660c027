import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ZApiContext, ZCreateApi, ZWebSocketEndpoint } from "./apis";

function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

function fieldMessages(value: unknown): Record<string, string[]> {
  const result = ZCreateApi.safeParse(value);
  const out: Record<string, string[]> = {};
  if (!result.success) for (const i of result.error.issues) (out[String(i.path[0])] ??= []).push(i.message);
  return out;
}

const valid = { name: "Chat", context: "/chat", version: "1.0" };

describe("ZCreateApi", () => {
  it("takes a name, context and version, and defaults the rest", () => {
    expect(ZCreateApi.parse(valid)).toEqual({ ...valid, endpoint: "", sandboxEndpoint: "", plans: [], description: "", tags: [], accessMode: "EXTERNAL", publish: false });
  });

  it("trims what the user typed", () => {
    expect(ZCreateApi.parse({ name: " Chat ", context: " /chat ", version: " 1.0 ", endpoint: " ws://localhost:7070 " })).toMatchObject({
      name: "Chat",
      context: "/chat",
      version: "1.0",
      endpoint: "ws://localhost:7070",
    });
  });

  it("says which fields are required", () => {
    expect(fieldMessages({ name: "", context: "", version: "" })).toMatchObject({
      name: expect.arrayContaining(["Name is required."]),
      context: expect.arrayContaining(["Context is required."]),
      version: expect.arrayContaining(["Version is required."]),
    });
  });

  it("refuses a name with other characters", () => {
    expect(fieldMessages({ ...valid, name: "Chat!" }).name).toEqual([
      "Name can have letters, digits, spaces, '.', '_' and '-', and starts with a letter or digit.",
    ]);
  });

  it("refuses an http:// endpoint with the endpoint's own message", () => {
    expect(fieldMessages({ ...valid, endpoint: "http://localhost:7070" })).toEqual({
      endpoint: ["Endpoint must be a ws:// or wss:// URL with a host, such as ws://localhost:7070."],
    });
  });
});

describe("ZApiContext", () => {
  it.each(["/chat", "/a/b-c/d_e.f", "/{version}/chat", "/chat/{version}"])("takes %s", (context) => {
    expect(messages(ZApiContext, context)).toEqual([]);
  });

  it("refuses a context that does not start with '/'", () => {
    expect(messages(ZApiContext, "chat")).toContain("Context starts with '/'.");
  });

  it("refuses {version} twice", () => {
    expect(messages(ZApiContext, "/{version}/chat/{version}")).toEqual(["Context can hold {version} only once."]);
  });

  it("refuses empty segments, spaces and a trailing '/'", () => {
    const segments = "Context is one or more /segments of letters, digits, '.', '_' or '-' (and {version}).";
    expect(messages(ZApiContext, "/a//b")).toEqual([segments]);
    expect(messages(ZApiContext, "/a b")).toEqual([segments]);
    expect(messages(ZApiContext, "/chat/")).toEqual([segments]);
  });

  it("refuses '.' and '..' segments, which URLs resolve away", () => {
    expect(messages(ZApiContext, "/a/../b")).toEqual(["Context segments cannot be '.' or '..'."]);
    expect(messages(ZApiContext, "/./b")).toEqual(["Context segments cannot be '.' or '..'."]);
  });

  it("refuses more than 200 characters", () => {
    expect(messages(ZApiContext, `/${"a".repeat(200)}`)).toEqual(["Context can have at most 200 characters."]);
  });
});

describe("ZWebSocketEndpoint", () => {
  it.each(["ws://localhost:7070", "wss://echo.example.com/socket?x=1", "ws://127.0.0.1"])("takes %s", (url) => {
    expect(messages(ZWebSocketEndpoint, url)).toEqual([]);
  });

  it.each(["http://localhost:7070", "https://example.com", "localhost:7070", "ws://", ""])("refuses %j", (url) => {
    expect(messages(ZWebSocketEndpoint, url)).toEqual(["Endpoint must be a ws:// or wss:// URL with a host, such as ws://localhost:7070."]);
  });
});
