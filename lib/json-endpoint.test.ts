import { afterEach, describe, expect, it, vi } from "vitest";
import { DuplexError } from "./errors";
import { duplexEndpoint } from "./json-endpoint";
import { logger } from "./logger";

const request = () => new Request("http://portal.test/publisher/apis/a1/asyncapi/download?format=json");

describe("duplexEndpoint", () => {
  afterEach(() => vi.restoreAllMocks());

  it("hands the route's context to the handler and returns its answer", async () => {
    const response = await duplexEndpoint(async (_request, { params }: { params: Promise<{ id: string }> }) => Response.json({ id: (await params).id }))(request(), {
      params: Promise.resolve({ id: "a1" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "a1" });
  });

  it.each([
    ["UNAUTHENTICATED", 401],
    ["FORBIDDEN", 403],
    ["NOT_FOUND", 404],
    ["CONFLICT", 409],
  ] as const)("answers a DuplexError %s with %i and its message, and logs nothing", async (code, status) => {
    const logged = vi.spyOn(logger, "error");
    const response = await duplexEndpoint(async () => {
      throw new DuplexError(code, "No such API.");
    })(request(), undefined);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: code.toLowerCase(), message: "No such API." });
    expect(logged).not.toHaveBeenCalled();
  });

  it("logs an unexpected error with the request's path and answers 500 without its message", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const failure = new Error("connection refused at 10.0.0.5");
    const response = await duplexEndpoint(async () => {
      throw failure;
    })(request(), undefined);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain("10.0.0.5");
    expect(JSON.parse(body)).toEqual({ error: "server_error", message: "Something went wrong on our side. Try again." });
    expect(logged).toHaveBeenCalledExactlyOnceWith({ err: failure, method: "GET", path: "/publisher/apis/a1/asyncapi/download" }, "route handler failed");
  });
});
