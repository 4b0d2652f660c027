"use client";
// Download the AsyncAPI definition, in both portals: 3.0 (WSO2 4.7's default) or 2.6, YAML or JSON.
import DownloadIcon from "@mui/icons-material/Download";
import Button from "@mui/material/Button";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import { useState } from "react";

const choices = [
  { version: "3.0", format: "yaml", label: "AsyncAPI 3.0 · YAML" },
  { version: "3.0", format: "json", label: "AsyncAPI 3.0 · JSON" },
  { version: "2.6", format: "yaml", label: "AsyncAPI 2.6 · YAML" },
  { version: "2.6", format: "json", label: "AsyncAPI 2.6 · JSON" },
];

export function DownloadMenu({ href }: { href: string }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button variant="outlined" startIcon={<DownloadIcon />} aria-haspopup="menu" onClick={(e) => setAnchor(e.currentTarget)}>
        Download
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {choices.map((c) => (
          <MenuItem key={c.label} component="a" href={`${href}?version=${c.version}&format=${c.format}`} onClick={() => setAnchor(null)}>
            {c.label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
