import { describe, expect, it } from "vitest";
import { Refusal } from "../refuse";
import { extractToken, queryParam, tokenProtocols } from "./authenticate";

describe("extractToken", () => {
  it("takes the token from Authorization: Bearer, whatever the scheme's case", () => {
    expect(extractToken({ authorization: "Bearer abc.def.ghi" }, "")).toEqual({ token: "abc.def.ghi" });
    expect(extractToken({ authorization: "bearer abc" }, "")).toEqual({ token: "abc" });
  });

  it("takes the token from the access_token query parameter", () => {
    expect(extractToken({}, "room=1&access_token=abc.def")).toEqual({ token: "abc.def" });
  });

  it("refuses a request without a token with 401 invalid_request", () => {
    const r = extractToken({}, "room=1");
    expect(r).toBeInstanceOf(Refusal);
    expect(r).toMatchObject({ status: 401, error: "invalid_request" });
    expect(extractToken({}, "access_token=")).toMatchObject({ status: 401, error: "invalid_request" });
  });

  it("refuses another Authorization scheme", () => {
    expect(extractToken({ authorization: "Basic dXNlcjpwYXNz" }, "")).toMatchObject({ status: 401, error: "invalid_request" });
    expect(extractToken({ authorization: "Bearer" }, "")).toMatchObject({ status: 401, error: "invalid_request" });
  });

  it("refuses a token sent two ways (RFC 6750 §2)", () => {
    expect(extractToken({ authorization: "Bearer a" }, "access_token=b")).toMatchObject({ status: 400, error: "invalid_request" });
  });
});

describe("queryParam", () => {
  it("decodes the named parameter and ignores look-alikes", () => {
    expect(queryParam("x_access_token=1&access_token=a%2Eb", "access_token")).toBe("a.b");
    expect(queryParam("access_tokens=1", "access_token")).toBeUndefined();
    expect(queryParam("access_token", "access_token")).toBe("");
    expect(queryParam("access_token=%E0%A4%A", "access_token")).toBe("");
  });
});

describe("tokenProtocols", () => {
  it("takes the token and the marker out of the offered subprotocols, keeping the others in order", () => {
    expect(tokenProtocols(["a", "duplex.bearer", "duplex.bearer.x.y.z", "b"])).toEqual({ token: "x.y.z", marker: true, forward: ["a", "b"] });
    expect(tokenProtocols(["a", "b"])).toEqual({ token: undefined, marker: false, forward: ["a", "b"] });
  });

  it("counts the subprotocol form as one of the ways a token may be sent", () => {
    expect(extractToken({}, "", "abc")).toEqual({ token: "abc" });
    expect(extractToken({}, "access_token=a", "abc")).toMatchObject({ status: 400 });
    expect(extractToken({}, "", "")).toMatchObject({ status: 401, error: "invalid_request" });
  });
});
