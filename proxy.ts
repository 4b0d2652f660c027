// Every page and route handler answers with the security headers of lib/security-headers.ts,
// with a fresh nonce per request. Next reads the nonce from the request's
// Content-Security-Policy and puts it on its own scripts; app/layout.tsx hands it to emotion.
import { NextResponse, type NextRequest } from "next/server";
import { config as settings } from "@/lib/config";
import { securityHeaders, webSocketSource } from "@/lib/security-headers";
import { csrfCookieName, signInCsrf } from "@/lib/sign-in-csrf";

// The pages only a signed-in user sees. Signed out (no session cookie at all), the visitor is sent
// to sign in here, with the address to come back to: a page's own redirect comes after its
// loading skeleton has started to stream, and would answer 200. The page still checks the
// session itself (a cookie can be stale); this only answers the plain case first, with a 307.
const signedInOnly = [/^\/publisher(\/|$)/, /^\/devportal\/applications(\/|$)/, /^\/account(\/|$)/];

// next-auth's session cookie, __Secure- named over https, split into .0, .1… when large.
function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some((c) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(c.name));
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const c = settings();
  const headers = securityHeaders({
    nonce,
    https: request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https" || (process.env.NEXTAUTH_URL ?? c.PORTAL_URL).startsWith("https:"),
    connectSources: [c.GATEWAY_URL, c.GATEWAY_WSS_URL, c.GATEWAY_DEV_URL, c.GATEWAY_DEV_WSS_URL].flatMap(webSocketSource),
    inlineStyles: request.nextUrl.pathname.startsWith("/api/auth/"),
    dev: process.env.NODE_ENV === "development",
  });
  const { pathname, search } = request.nextUrl;
  if (signedInOnly.some((p) => p.test(pathname)) && !hasSessionCookie(request)) {
    const signIn = new URL(`/login?callbackUrl=${encodeURIComponent(pathname + search)}`, request.url);
    const redirect = NextResponse.redirect(signIn, 307);
    for (const [name, value] of Object.entries(headers)) redirect.headers.set(name, value);
    return redirect;
  }
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  // The page's own address, for a layout that sends the user elsewhere first and back here after (app/_server/session.ts).
  forwarded.set("x-duplex-path", pathname + search);
  forwarded.set("content-security-policy", headers["Content-Security-Policy"]);
  // The sign-in page's form posts without a script (lib/sign-in-csrf.ts): its CSRF token, for the page to render.
  const secret = process.env.NEXTAUTH_SECRET;
  const secureCookies = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  const csrf = request.nextUrl.pathname === "/login" && secret ? signInCsrf(request.cookies.get(csrfCookieName(secureCookies))?.value, secret) : undefined;
  if (csrf) forwarded.set("x-sign-in-csrf", csrf.token);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  if (csrf?.cookie) response.cookies.set(csrfCookieName(secureCookies), csrf.cookie, { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies });
  return response;
}

export const config = {
  // Not the build's static files: they are served as they are, the same to everyone.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
