"use client";
import ApiIcon from "@mui/icons-material/Api";
import { PortalShell } from "./portal-shell";

export function PublisherShell({ username, children }: { username: string | null; children: React.ReactNode }) {
  return (
    <PortalShell
      portal="Publisher"
      home="/publisher"
      username={username}
      otherPortal={{ href: "/devportal", label: "Developer Portal" }}
      nav={[{ href: "/publisher/apis", label: "APIs", icon: <ApiIcon /> }]}
    >
      {children}
    </PortalShell>
  );
}
