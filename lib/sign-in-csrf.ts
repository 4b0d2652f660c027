// The sign-in form works before (and without) its script: it is a plain form post to next-auth's
// credentials callback, which wants a CSRF token in the body matching its double-submit cookie.
// next-auth hands that pair out only from GET /api/auth/csrf (a fetch, so a script); proxy.ts
// makes the same pair for the sign-in page instead, as next-auth does
// (next-auth/core/lib/csrf-token.js: "<token>|sha256(<token><secret>)").
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function csrfCookieName(secureCookies: boolean): string {
  return `${secureCookies ? "__Host-" : ""}next-auth.csrf-token`;
}

function hashOf(token: string, secret: string): string {
  return createHash("sha256").update(`${token}${secret}`).digest("hex");
}

/** The token to put in the form, and the cookie to set when the request had no valid one. */
export function signInCsrf(cookieValue: string | undefined, secret: string): { token: string; cookie?: string } {
  const [token, hash] = (cookieValue ?? "").split("|");
  if (token && hash) {
    const expected = Buffer.from(hashOf(token, secret));
    const given = Buffer.from(hash);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { token };
  }
  const fresh = randomBytes(32).toString("hex");
  return { token: fresh, cookie: `${fresh}|${hashOf(fresh, secret)}` };
}
