"use client";
import Avatar from "@mui/material/Avatar";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import Typography from "@mui/material/Typography";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

export function UserMenu({ username, isAdmin = false }: { username: string | null; isAdmin?: boolean }) {
  const pathname = usePathname();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (!username) {
    return (
      <Button variant="contained" component={Link} href={`/login?callbackUrl=${encodeURIComponent(pathname)}`}>
        Sign in
      </Button>
    );
  }
  return (
    <>
      <IconButton aria-label={`Account of ${username}`} onClick={(e) => setAnchor(e.currentTarget)}>
        <Avatar sx={{ width: 32, height: 32, bgcolor: "primary.main", fontSize: 15 }}>{username.slice(0, 1).toUpperCase()}</Avatar>
      </IconButton>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1 }}>
          Signed in as <strong>{username}</strong>
        </Typography>
        {isAdmin && (
          <MenuItem component={Link} href="/admin" onClick={() => setAnchor(null)}>
            Admin portal
          </MenuItem>
        )}
        <MenuItem component={Link} href={`/account/password?callbackUrl=${encodeURIComponent(pathname)}`} onClick={() => setAnchor(null)}>
          Change password
        </MenuItem>
        <MenuItem onClick={() => signOut({ callbackUrl: "/login" })}>Sign out</MenuItem>
      </Menu>
    </>
  );
}
