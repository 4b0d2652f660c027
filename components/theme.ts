"use client";
// The one theme of both portals.
import { createTheme } from "@mui/material/styles";

export const theme = createTheme({
  cssVariables: true,
  palette: {
    mode: "light",
    primary: { main: "#3949ab" },
    secondary: { main: "#00897b" },
    background: { default: "#f5f6fa", paper: "#ffffff" },
  },
  shape: { borderRadius: 10 },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    h4: { fontWeight: 700 },
    h5: { fontWeight: 700 },
    h6: { fontWeight: 600 },
    button: { fontWeight: 600 },
  },
  components: {
    // Plain <a> from next/link (breadcrumbs, tables) in the theme's colour.
    MuiCssBaseline: {
      styleOverrides: {
        a: { color: "#3949ab", textDecoration: "none", "&:hover": { textDecoration: "underline" } },
        code: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: "0.9em" },
      },
    },
    MuiCard: { defaultProps: { variant: "outlined" } },
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiTextField: { defaultProps: { fullWidth: true } },
  },
});
