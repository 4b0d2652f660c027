"use client";
import AppsIcon from "@mui/icons-material/Apps";
import ApiIcon from "@mui/icons-material/Api";
import { PortalShell } from "./portal-shell";

export function DevportalShell({ username, canPublish, children }: { username: string | null; canPublish: boolean; children: React.ReactNode }) {
  return (
    <PortalShell
      portal="Developer Portal"
      home="/devportal"
      username={username}
      otherPortal={canPublish ? { href: "/publisher", label: "Publisher" } : undefined}
      nav={[
        { href: "/devportal/apis", label: "APIs", icon: <ApiIcon /> },
        { href: "/devportal/applications", label: "Applications", icon: <AppsIcon /> },
      ]}
    >
      {children}
    </PortalShell>
  );
}
