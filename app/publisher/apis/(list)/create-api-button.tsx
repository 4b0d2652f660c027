"use client";
import AddIcon from "@mui/icons-material/Add";
import SyncAltIcon from "@mui/icons-material/SyncAlt";
import UploadFileIcon from "@mui/icons-material/UploadFile";
import Button from "@mui/material/Button";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import Link from "next/link";
import { useState } from "react";

/** WSO2's CREATE API menu; Duplex makes WebSocket APIs. */
export function CreateApiButton() {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button variant="contained" startIcon={<AddIcon />} onClick={(e) => setAnchor(e.currentTarget)} aria-haspopup="menu">
        Create API
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem component={Link} href="/publisher/apis/create/websocket">
          <ListItemIcon>
            <SyncAltIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText primary="WebSocket API" secondary="Proxy a ws:// or wss:// backend" />
        </MenuItem>
        <MenuItem component={Link} href="/publisher/apis/create/asyncapi">
          <ListItemIcon>
            <UploadFileIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText primary="Import AsyncAPI" secondary="From a 2.x or 3.0 definition" />
        </MenuItem>
      </Menu>
    </>
  );
}
