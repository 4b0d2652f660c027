"use client";
import ContentCopyIcon from "@mui/icons-material/ContentCopy";
import IconButton from "@mui/material/IconButton";
import InputAdornment from "@mui/material/InputAdornment";
import TextField from "@mui/material/TextField";
import Tooltip from "@mui/material/Tooltip";
import { useState } from "react";

/** A read-only value with a copy button (keys, secrets, tokens, URLs). */
export function CopyField({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <TextField
      label={label}
      value={value}
      multiline={multiline}
      maxRows={multiline ? 14 : undefined}
      slotProps={{
        input: {
          readOnly: true,
          sx: { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", fontSize: 13 },
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title={copied ? "Copied" : "Copy"}>
                <IconButton
                  aria-label={`Copy ${label}`}
                  onClick={async () => {
                    await navigator.clipboard?.writeText(value).catch(() => undefined);
                    setCopied(true);
                  }}
                  edge="end"
                >
                  <ContentCopyIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
