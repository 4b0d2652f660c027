// The sign-in POST (/api/auth/callback/credentials) in front of next-auth: a body over 16 KiB
// is 413, and a username or address whose failed sign-ins fill their limit (lib/sign-in-limits.ts)
// is 429 with Retry-After before next-auth sees it. next-auth's own answer to a failed sign-in
// cannot carry a status of ours, hence a wrapper, not a callback.
import { clientAddressFromForwardedFor } from "@/lib/client-address";
import { BodyTooLarge, readBodyText } from "@/lib/request-body";
import { lockedOutError, signInRefusal } from "@/lib/sign-in-limits";
import type { TooManyAttempts } from "@/lib/rate-limit";

type AuthRoute = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

const maxBodyBytes = 16 * 1024;

export function limitSignIns(handler: AuthRoute): AuthRoute {
  return async (request, context) => {
    const { nextauth } = await context.params;
    if (nextauth.join("/") !== "callback/credentials") return handler(request, context);
    let body: Record<string, unknown>;
    try {
      body = parseBody(request.headers.get("content-type"), await readBodyText(request.clone(), maxBodyBytes));
    } catch (e) {
      if (e instanceof BodyTooLarge) return Response.json({ error: "body_too_large", message: e.message }, { status: 413 });
      throw e;
    }
    const username = typeof body.username === "string" ? body.username : "";
    const refusal = await signInRefusal({ username, ip: clientAddressFromForwardedFor(request.headers.get("x-forwarded-for")) });
    return refusal ? lockedOut(request, body, refusal) : handler(request, context);
  };
}

// As next-auth reads it: a form, or JSON.
function parseBody(type: string | null, text: string): Record<string, unknown> {
  if (type?.includes("application/json")) {
    try {
      const value: unknown = JSON.parse(text);
      return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function lockedOut(request: Request, body: Record<string, unknown>, refusal: TooManyAttempts): Response {
  const headers = { "Retry-After": String(refusal.retryAfterSeconds), "Cache-Control": "no-store" };
  const page = new URL(`/login?error=${lockedOutError}`, request.url);
  // next-auth's client (signIn with redirect: false) posts json=true and reads `error` from `url`.
  if (body.json === "true") return Response.json({ url: page.href, error: "too_many_sign_ins", message: refusal.message }, { status: 429, headers });
  // A browser's form post: back to the sign-in page, which says why, as next-auth answers a failed one.
  if (request.headers.get("accept")?.includes("text/html")) return new Response(null, { status: 303, headers: { ...headers, Location: `${page.pathname}${page.search}` } });
  return Response.json({ error: "too_many_sign_ins", message: refusal.message }, { status: 429, headers });
}
