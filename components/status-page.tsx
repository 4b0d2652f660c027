"use client";
// The 404 and 403 pages (app/not-found.tsx, app/forbidden.tsx). They are drawn at the root,
// outside the portal's own layout, so the portal (its shell and its way back) is told by the address.
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { DevportalShell } from "./devportal-shell";
import { PublisherShell } from "./publisher-shell";

type Kind = "not-found" | "forbidden";

function portalOf(pathname: string): { name: string; home: string } {
  if (pathname.startsWith("/publisher")) return { name: "Publisher", home: "/publisher" };
  if (pathname.startsWith("/admin")) return { name: "Admin portal", home: "/admin" };
  return { name: "Developer Portal", home: "/devportal" };
}

export function StatusPage(props: { kind: Kind; username: string | null; canPublish: boolean }) {
  const pathname = usePathname() ?? "/";
  const portal = portalOf(pathname);
  const content =
    props.kind === "not-found" ? (
      <StatusContent
        code={404}
        title="This page does not exist"
        text={`Nothing is at ${pathname}: it may have been deleted, or the address is mistyped.`}
        actions={
          <Button component={Link} href={portal.home} variant="contained">
            Go to the {portal.name}
          </Button>
        }
      />
    ) : (
      <StatusContent
        code={403}
        title={props.canPublish || portal.home !== "/publisher" ? "You cannot open this page" : "You cannot open the Publisher"}
        text={`Your account${props.username ? ` (${props.username})` : ""} does not have a role that may use this page. Ask an administrator for the role it needs${portal.home === "/publisher" ? " (creator or publisher)" : ""}.`}
        actions={
          <Button component={Link} href="/devportal" variant="contained">
            Go to the Developer Portal
          </Button>
        }
      />
    );
  // Refused the whole Publisher, a user sees the Developer Portal's frame: the Publisher's navigation would lead nowhere.
  return portal.home === "/publisher" && (props.kind === "not-found" || props.canPublish) ? (
    <PublisherShell username={props.username}>{content}</PublisherShell>
  ) : (
    <DevportalShell username={props.username} canPublish={props.canPublish}>
      {content}
    </DevportalShell>
  );
}

function StatusContent(props: { code: number; title: string; text: string; actions: React.ReactNode }) {
  return (
    <Box sx={{ maxWidth: 640, mx: "auto", mt: { xs: 4, md: 10 } }}>
      <Paper variant="outlined" sx={{ p: { xs: 3, md: 5 }, borderRadius: 3 }}>
        <Typography variant="overline" color="text.secondary">
          Error {props.code}
        </Typography>
        <Typography variant="h5" component="h1" sx={{ mb: 1, fontWeight: 700 }}>
          {props.title}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {props.text}
        </Typography>
        <Stack direction="row" spacing={1}>
          {props.actions}
        </Stack>
      </Paper>
    </Box>
  );
}
