"use client";
import ApiIcon from "@mui/icons-material/Api";
import { PortalShell } from "./portal-shell";

export function PublisherShell({ username, isAdmin = false, banner, children }: { banner?: React.ReactNode; username: string | null; isAdmin?: boolean; children: React.ReactNode }) {
  return (
    <PortalShell
      portal="Publisher"
      home="/publisher"
      username={username}
      isAdmin={isAdmin}
      otherPortal={{ href: "/devportal", label: "Developer Portal" }}
      nav={[{ href: "/publisher/apis", label: "APIs", icon: <ApiIcon /> }]}
    >
      {banner}
      {children}
    </PortalShell>
  );
}
