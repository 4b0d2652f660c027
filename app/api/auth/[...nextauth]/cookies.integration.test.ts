// next-auth's cookies with Duplex's options: Secure (and __Secure-/__Host- named) when the portal
// URL is https, as a browser then sends them over https only. Run through next-auth's handler
// in its Pages Router form, which takes plain request and response objects (the App Router
// form needs a Next request scope).
import NextAuth from "next-auth";
import { afterEach, describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth";
import { makeUser } from "@/lib/testing/fixtures";

const saved = process.env.NEXTAUTH_URL;
afterEach(() => {
  process.env.NEXTAUTH_URL = saved;
});

interface Cookie {
  name: string;
  attributes: string;
}

/** One call of next-auth's handler; the Set-Cookie lines it answered with. */
async function call(nextauth: string[], method: string, headers: Record<string, string>, cookies: Record<string, string>, body: Record<string, string> = {}) {
  const setCookies: string[] = [];
  let sent: unknown;
  const res = {
    status: () => res,
    setHeader: (name: string, value: string | string[]) => {
      if (name.toLowerCase() === "set-cookie") setCookies.splice(0, setCookies.length, ...(Array.isArray(value) ? value : [value]));
      return res;
    },
    getHeader: (name: string) => (name.toLowerCase() === "set-cookie" ? [...setCookies] : undefined),
    send: (b: unknown) => void (sent = b),
    json: (b: unknown) => void (sent = b),
    end: () => {},
  };
  await NextAuth({ query: { nextauth }, method, headers, cookies, body } as never, res as never, { ...authOptions, secret: "a test secret" });
  const parsed: Cookie[] = setCookies.map((line) => ({ name: line.split("=")[0], attributes: line }));
  return { cookies: parsed, body: sent, raw: setCookies };
}

async function signInAt(portalUrl: string): Promise<Cookie[]> {
  process.env.NEXTAUTH_URL = portalUrl;
  const headers = { host: new URL(portalUrl).host, "x-forwarded-for": "192.0.2.99" };
  const csrf = await call(["csrf"], "GET", headers, {});
  const csrfLine = csrf.raw.find((l) => l.split("=")[0].endsWith("next-auth.csrf-token"))!;
  const [name, value] = csrfLine.split(";")[0].split("=");
  const { csrfToken } = csrf.body as { csrfToken: string };
  const user = await makeUser(["SUBSCRIBER"], "the-right-one");
  const signedIn = await call(["callback", "credentials"], "POST", headers, { [name]: decodeURIComponent(value) }, {
    username: user.username,
    password: "the-right-one",
    csrfToken,
    json: "true",
  });
  return [...csrf.cookies, ...signedIn.cookies];
}

describe("next-auth's cookies", () => {
  it("are Secure, HttpOnly and __Secure-/__Host- named when the portal URL is https", async () => {
    const cookies = await signInAt("https://portal.example.com");
    const session = cookies.find((c) => c.name === "__Secure-next-auth.session-token");
    expect(session?.attributes).toMatch(/; Secure/);
    expect(session?.attributes).toMatch(/; HttpOnly/);
    expect(session?.attributes).toMatch(/; SameSite=Lax/);
    expect(cookies.find((c) => c.name === "__Host-next-auth.csrf-token")?.attributes).toMatch(/; Secure/);
  });

  it("are not Secure on a plain-http portal URL (localhost), where a browser would drop them", async () => {
    const cookies = await signInAt("http://localhost:3000");
    const session = cookies.find((c) => c.name === "next-auth.session-token");
    expect(session?.attributes).toMatch(/; HttpOnly/);
    expect(session?.attributes).not.toMatch(/; Secure/);
  });
});
