import { describe, expect, it } from "vitest";
import { refusal, responseOf } from "./refuse";

function parse(response: string) {
  const [head, body] = response.split("\r\n\r\n");
  const [statusLine, ...headerLines] = head.split("\r\n");
  const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 2)]));
  return { statusLine, headers, body: JSON.parse(body) };
}

describe("responseOf", () => {
  it("answers with the status, a JSON reason and Connection: close", () => {
    const r = parse(responseOf(refusal(403, "not_subscribed", "The application A is not subscribed to B 1.0.")));
    expect(r.statusLine).toBe("HTTP/1.1 403 Forbidden");
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers.connection).toBe("close");
    expect(r.headers["www-authenticate"]).toBeUndefined();
    expect(r.body).toEqual({ error: "not_subscribed", message: "The application A is not subscribed to B 1.0." });
  });

  it("challenges a bad token with error=invalid_token, quoting safely", () => {
    const r = parse(responseOf(refusal(401, "invalid_token", 'The "token" has expired.')));
    expect(r.headers["www-authenticate"]).toBe(`Bearer realm="duplex", error="invalid_token", error_description="The 'token' has expired."`);
  });

  it("challenges a request without a token without an error code (RFC 6750 §3.1)", () => {
    const r = parse(responseOf(refusal(401, "invalid_request", "An access token is required.")));
    expect(r.headers["www-authenticate"]).toBe(`Bearer realm="duplex"`);
  });

  it("counts the body's bytes, not its characters", () => {
    const r = responseOf(refusal(404, "not_found", "No API is served at /café."));
    const body = r.split("\r\n\r\n")[1];
    expect(r).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
  });
});
