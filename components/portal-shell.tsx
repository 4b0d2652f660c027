"use client";
// The frame of each portal: top bar with the portal's name and the user menu, side navigation.
import AppBar from "@mui/material/AppBar";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Drawer from "@mui/material/Drawer";
import IconButton from "@mui/material/IconButton";
import List from "@mui/material/List";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Toolbar from "@mui/material/Toolbar";
import Typography from "@mui/material/Typography";
import MenuIcon from "@mui/icons-material/Menu";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { UserMenu } from "./user-menu";

export interface NavItem {
  href: string;
  label: string;
  icon: React.ReactNode;
  /** Selected only on its own address, not below it (a portal's overview at its root). */
  exact?: boolean;
}

const drawerWidth = 220;

export function PortalShell(props: {
  portal: string;
  home: string;
  nav: NavItem[];
  username: string | null;
  /** Admins get a link to the Admin portal in the user menu. */
  isAdmin?: boolean;
  otherPortal?: { href: string; label: string };
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  // On a phone the navigation is a drawer that a menu button opens; from md up it stays open.
  const [open, setOpen] = useState(false);
  const navigation = (
    <List component="nav" aria-label={`${props.portal} navigation`} sx={{ px: 1 }}>
      {props.nav.map((item) => (
        <ListItemButton
          key={item.href}
          component={Link}
          href={item.href}
          selected={pathname === item.href || (!item.exact && pathname.startsWith(`${item.href}/`))}
          onClick={() => setOpen(false)}
          sx={{ borderRadius: 2, mb: 0.5 }}
        >
          <ListItemIcon sx={{ minWidth: 36 }}>{item.icon}</ListItemIcon>
          <ListItemText primary={item.label} />
        </ListItemButton>
      ))}
    </List>
  );
  return (
    <Box sx={{ display: "flex", minHeight: "100vh" }}>
      <AppBar position="fixed" color="inherit" elevation={0} sx={{ zIndex: (t) => t.zIndex.drawer + 1, borderBottom: 1, borderColor: "divider" }}>
        <Toolbar sx={{ gap: { xs: 1, md: 2 } }}>
          <IconButton edge="start" aria-label="Open navigation" onClick={() => setOpen(true)} sx={{ display: { md: "none" } }}>
            <MenuIcon />
          </IconButton>
          <Link href={props.home} style={{ textDecoration: "none", color: "inherit", display: "flex", alignItems: "baseline", gap: 8 }}>
            <Typography variant="h6" component="span" color="primary" sx={{ fontWeight: 800, letterSpacing: -0.5 }}>
              Duplex
            </Typography>
            <Typography variant="subtitle1" component="span" color="text.secondary">
              {props.portal}
            </Typography>
          </Link>
          <Box sx={{ flexGrow: 1 }} />
          {props.otherPortal && (
            <Button component={Link} href={props.otherPortal.href} size="small" sx={{ display: { xs: "none", sm: "inline-flex" } }}>
              {props.otherPortal.label}
            </Button>
          )}
          <UserMenu username={props.username} isAdmin={props.isAdmin} />
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{ display: { xs: "none", md: "block" }, width: drawerWidth, flexShrink: 0, "& .MuiDrawer-paper": { width: drawerWidth, boxSizing: "border-box", borderRight: 1, borderColor: "divider" } }}
      >
        <Toolbar />
        {navigation}
      </Drawer>
      <Drawer variant="temporary" open={open} onClose={() => setOpen(false)} sx={{ display: { md: "none" }, "& .MuiDrawer-paper": { width: drawerWidth } }}>
        <Toolbar />
        {navigation}
        {props.otherPortal && (
          <List sx={{ px: 1 }}>
            <ListItemButton component={Link} href={props.otherPortal.href} onClick={() => setOpen(false)} sx={{ borderRadius: 2 }}>
              <ListItemText primary={props.otherPortal.label} />
            </ListItemButton>
          </List>
        )}
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: { xs: 2, md: 4 }, minWidth: 0 }}>
        <Toolbar />
        {props.children}
      </Box>
    </Box>
  );
}
