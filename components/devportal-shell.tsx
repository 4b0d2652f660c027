"use client";
import AppsIcon from "@mui/icons-material/Apps";
import ApiIcon from "@mui/icons-material/Api";
import { PortalShell } from "./portal-shell";

export function DevportalShell({ username, canPublish, isAdmin = false, banner, children }: { banner?: React.ReactNode; username: string | null; canPublish: boolean; isAdmin?: boolean; children: React.ReactNode }) {
  return (
    <PortalShell
      portal="Developer Portal"
      home="/devportal"
      username={username}
      isAdmin={isAdmin}
      otherPortal={canPublish ? { href: "/publisher", label: "Publisher" } : undefined}
      nav={[
        { href: "/devportal/apis", label: "APIs", icon: <ApiIcon /> },
        { href: "/devportal/applications", label: "Applications", icon: <AppsIcon /> },
      ]}
    >
      {banner}
      {children}
    </PortalShell>
  );
}
