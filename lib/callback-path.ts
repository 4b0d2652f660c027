// Where a page may send the user once they are done (sign-in, a new password): only this
// site's own paths. "//host" and "/\host" are other sites to a browser.

export function safeCallbackPath(url: string | undefined | null, fallback: string): string {
  return url && url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : fallback;
}
