// The headers every portal response carries (proxy.ts sets them). Scripts run only by this
// request's nonce ('strict-dynamic' lets those load the page's chunks), so an injected
// <script> or inline handler does not run; styles by nonce as well (emotion's cache gets it,
// app/layout.tsx), while style attributes stay allowed: React writes them for MUI's
// transitions. next-auth's built-in pages (/api/auth/*) inline their CSS without a nonce, so
// only they may use inline styles. The try-it console opens WebSockets to the gateways,
// whose URLs connect-src names.
export interface SecurityHeaderOptions {
  nonce: string;
  /** Served over https: HSTS, and plain-http subresources upgraded. */
  https: boolean;
  /** Origins besides the portal's own that pages may connect to (ws://…, wss://…). */
  connectSources: string[];
  /** Inline <style> without a nonce allowed (next-auth's own pages). */
  inlineStyles?: boolean;
  /** `next dev`: React's dev build evaluates code (eval) to rebuild server stacks. */
  dev?: boolean;
}

export function contentSecurityPolicy({ nonce, https, connectSources, inlineStyles, dev }: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    inlineStyles ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${connectSources.map((s) => ` ${s}`).join("")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    // Features no portal page uses; the clipboard stays (Copy buttons).
    "Permissions-Policy": "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** A CSP source for a ws:// or wss:// URL: its scheme, host and port. */
export function webSocketSource(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    return u.protocol === "ws:" || u.protocol === "wss:" ? [`${u.protocol}//${u.host}`] : [];
  } catch {
    return [];
  }
}
