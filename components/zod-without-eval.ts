// zod compiles object parsers with `new Function` where it may, and finds out by trying one:
// under the portals' Content-Security-Policy (scripts by nonce, no 'unsafe-eval') that try is
// reported as a violation. In the browser, zod parses without compiling. Imported by the root
// layout's ThemeRegistry, so it runs before any page parses a form.
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });
