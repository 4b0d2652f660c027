import { afterEach, describe, expect, it, vi } from "vitest";
import { config } from "./config";
import { DuplexError } from "./errors";
import { logger } from "./logger";
import { clientCredentials, oauthEndpoint, OAuthError, parseScope, readForm, serverMetadata } from "./oauth2";

const formType = "application/x-www-form-urlencoded";

function post(body: string, headers: Record<string, string> = { "Content-Type": formType }, url = "http://localhost/oauth2/token") {
  return new Request(url, { method: "POST", headers, body });
}

function basic(id: string, secret: string) {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<OAuthError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (e) {
    if (e instanceof OAuthError) return e;
    throw e;
  }
  throw new Error("expected an OAuthError");
}

describe("readForm", () => {
  it("reads form parameters, with a charset on the content type", async () => {
    const form = await readForm(post("grant_type=client_credentials&scope=a+b", { "Content-Type": `${formType}; charset=UTF-8` }));
    expect(Object.fromEntries(form)).toEqual({ grant_type: "client_credentials", scope: "a b" });
  });

  it("treats a parameter without a value as absent (RFC 6749 §3.1)", async () => {
    expect((await readForm(post("grant_type=&scope=x"))).has("grant_type")).toBe(false);
  });

  it("refuses a parameter given twice (§3.2), even when the first is empty", async () => {
    const e = await refusal(readForm(post("grant_type=&grant_type=client_credentials")));
    expect([e.error, e.status]).toEqual(["invalid_request", 400]);
  });

  it("refuses JSON and bodies without a content type", async () => {
    expect((await refusal(readForm(post("{}", { "Content-Type": "application/json" })))).error).toBe("invalid_request");
    expect((await refusal(readForm(post("grant_type=client_credentials", {})))).error).toBe("invalid_request");
  });

  it("refuses a client secret in the URL (§2.3.1)", async () => {
    const e = await refusal(readForm(post("grant_type=client_credentials", undefined, "http://localhost/oauth2/token?client_secret=s")));
    expect(e.error).toBe("invalid_request");
  });
});

describe("clientCredentials", () => {
  const read = async (body: string, authorization?: string) =>
    clientCredentials(post(body, { "Content-Type": formType, ...(authorization ? { Authorization: authorization } : {}) }), await readForm(post(body)));

  it("takes HTTP Basic", async () => {
    expect(await read("", basic("key", "secret"))).toEqual({ clientId: "key", clientSecret: "secret", method: "client_secret_basic" });
  });

  it("form-decodes each Basic credential (§2.3.1, Appendix B)", async () => {
    expect(await read("", basic("a%3Ab+c", "s%C3%A9cret%2B"))).toMatchObject({ clientId: "a:b c", clientSecret: "sécret+" });
  });

  it("keeps a ':' in the secret", async () => {
    expect(await read("", basic("key", "se:cret"))).toMatchObject({ clientId: "key", clientSecret: "se:cret" });
  });

  it("takes client_id and client_secret in the body", async () => {
    expect(await read("client_id=key&client_secret=secret")).toEqual({ clientId: "key", clientSecret: "secret", method: "client_secret_post" });
  });

  it("takes Basic with the same client_id in the body", async () => {
    expect(await read("client_id=key", basic("key", "secret"))).toMatchObject({ clientId: "key", method: "client_secret_basic" });
  });

  it("refuses two methods at once as invalid_request", async () => {
    expect((await refusal(read("client_id=key&client_secret=secret", basic("key", "secret")))).error).toBe("invalid_request");
    expect((await refusal(read("client_id=other", basic("key", "secret")))).error).toBe("invalid_request");
  });

  it("refuses no authentication as invalid_client, 401", async () => {
    const e = await refusal(read("grant_type=client_credentials"));
    expect([e.error, e.status]).toEqual(["invalid_client", 401]);
    expect((await refusal(read("client_id=key"))).error).toBe("invalid_client");
  });

  it.each([
    ["another scheme", "Bearer abc"],
    ["no colon", `Basic ${Buffer.from("keysecret").toString("base64")}`],
    ["an empty secret", basic("key", "")],
    ["an empty key", basic("", "secret")],
    ["bad base64", "Basic !!!"],
    ["bad percent-encoding", basic("key", "%E0%A4%A")],
  ])("refuses an Authorization header with %s as invalid_client", async (_, header) => {
    expect((await refusal(read("", header))).error).toBe("invalid_client");
  });
});

describe("parseScope", () => {
  it("is undefined when no scope was asked for", () => {
    expect(parseScope(undefined)).toBeUndefined();
  });

  it("keeps scope tokens in order, once each", () => {
    expect(parseScope("read write read")).toBe("read write");
    expect(parseScope("a:b/c")).toBe("a:b/c");
  });

  it.each(["a  b", " a", 'say"hi"', "back\\slash", "tab\tx", "é"])("refuses %j as invalid_scope (§3.3)", async (scope) => {
    expect((await refusal(() => parseScope(scope))).error).toBe("invalid_scope");
  });
});

describe("oauthEndpoint", () => {
  afterEach(() => vi.restoreAllMocks());
  const request = () => post("");

  it("answers an OAuthError as §5.2 JSON, not cached", async () => {
    const response = await oauthEndpoint(async () => {
      throw new OAuthError("unsupported_grant_type", "No.");
    })(request());
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "unsupported_grant_type", error_description: "No." });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("pragma")).toBe("no-cache");
    expect(response.headers.get("www-authenticate")).toBeNull();
  });

  it("answers invalid_client with 401 and a Basic challenge", async () => {
    const response = await oauthEndpoint(async () => {
      throw new OAuthError("invalid_client", "Who are you?");
    })(request());
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="Duplex"');
  });

  it("turns the domain's refusals into OAuth errors", async () => {
    const answer = async (e: DuplexError) => {
      const response = await oauthEndpoint(async () => {
        throw e;
      })(request());
      return [response.status, ((await response.json()) as { error: string }).error];
    };
    expect(await answer(new DuplexError("UNAUTHENTICATED", "x"))).toEqual([401, "invalid_client"]);
    expect(await answer(new DuplexError("FORBIDDEN", "x"))).toEqual([400, "unauthorized_client"]);
    expect(await answer(new DuplexError("INVALID", "x"))).toEqual([400, "invalid_request"]);
  });

  it("logs an unexpected error and answers a bare server_error without its message", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const response = await oauthEndpoint(async () => {
      throw new Error("connection refused at 10.0.0.5");
    })(request());
    expect(response.status).toBe(500);
    expect(await response.text()).toBe(JSON.stringify({ error: "server_error" }));
    expect(logged).toHaveBeenCalledOnce();
  });
});

describe("serverMetadata", () => {
  it("points at this portal's endpoints and names the issuer of its tokens", () => {
    const portal = config().PORTAL_URL.replace(/\/$/, "");
    expect(serverMetadata()).toEqual({
      issuer: config().TOKEN_ISSUER,
      token_endpoint: `${portal}/oauth2/token`,
      jwks_uri: `${portal}/oauth2/jwks`,
      revocation_endpoint: `${portal}/oauth2/revoke`,
      grant_types_supported: ["client_credentials"],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    });
  });
});
