"use client";
import AssignmentIcon from "@mui/icons-material/Assignment";
import BlockIcon from "@mui/icons-material/Block";
import DashboardIcon from "@mui/icons-material/Dashboard";
import DnsIcon from "@mui/icons-material/Dns";
import HistoryIcon from "@mui/icons-material/History";
import PeopleIcon from "@mui/icons-material/People";
import SpeedIcon from "@mui/icons-material/Speed";
import { PortalShell } from "./portal-shell";

export function AdminShell({ username, banner, children }: { banner?: React.ReactNode; username: string | null; children: React.ReactNode }) {
  return (
    <PortalShell
      portal="Admin"
      home="/admin"
      username={username}
      isAdmin
      otherPortal={{ href: "/publisher", label: "Publisher" }}
      nav={[
        { href: "/admin", label: "Overview", icon: <DashboardIcon />, exact: true },
        { href: "/admin/users", label: "Users", icon: <PeopleIcon /> },
        { href: "/admin/plans", label: "Business plans", icon: <SpeedIcon /> },
        { href: "/admin/tasks", label: "Tasks", icon: <AssignmentIcon /> },
        { href: "/admin/deny-policies", label: "Deny policies", icon: <BlockIcon /> },
        { href: "/admin/environments", label: "Environments", icon: <DnsIcon /> },
        { href: "/admin/audit", label: "Audit log", icon: <HistoryIcon /> },
      ]}
    >
      {banner}
      {children}
    </PortalShell>
  );
}
