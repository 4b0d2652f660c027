"use client";
import { AppRouterCacheProvider } from "@mui/material-nextjs/v16-appRouter";
import CssBaseline from "@mui/material/CssBaseline";
import { ThemeProvider } from "@mui/material/styles";
import { CspNonceProvider } from "./csp-nonce";
import { theme } from "./theme";
import "./zod-without-eval";

/** `nonce`: the request's CSP nonce, on every style element emotion writes (on the server and in the browser). */
export function ThemeRegistry({ nonce, children }: { nonce?: string; children: React.ReactNode }) {
  return (
    <AppRouterCacheProvider options={{ key: "mui", nonce }}>
      <CspNonceProvider value={nonce}>
        <ThemeProvider theme={theme}>
          <CssBaseline />
          {children}
        </ThemeProvider>
      </CspNonceProvider>
    </AppRouterCacheProvider>
  );
}
