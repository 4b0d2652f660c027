"use client";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Alert from "@mui/material/Alert";
import { useState } from "react";
import { createDenyPolicyAction } from "./actions";
import { useAction } from "@/components/use-action";

export const policyTypes = {
  API_CONTEXT: { label: "API context", hint: "A context or gateway path, such as /echo or /echo/1.0." },
  APPLICATION: { label: "Application", hint: "owner/application name, such as alice/DefaultApplication." },
  USER: { label: "User", hint: "A username: every application of that user." },
  IP_RANGE: { label: "IP address or range", hint: "An IPv4 or IPv6 address or CIDR range, such as 203.0.113.0/24 or 2001:db8::/32." },
} as const;
export type PolicyType = keyof typeof policyTypes;

export function CreateDenyPolicyDialog(props: { open: boolean; onClose: () => void; onCreated: (label: string) => void }) {
  const [type, setType] = useState<PolicyType>("IP_RANGE");
  const [value, setValue] = useState("");
  const [description, setDescription] = useState("");
  const create = useAction(createDenyPolicyAction, { onSuccess: (_d, input) => props.onCreated(input.value) });
  const valueError = create.fieldError("value");
  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="sm" fullWidth>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.run({ type, value, description });
        }}
      >
        <DialogTitle>New deny policy</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {create.error && !valueError && <Alert severity="error">{create.error}</Alert>}
            <TextField select label="Block by" value={type} onChange={(e) => setType(e.target.value as PolicyType)}>
              {Object.entries(policyTypes).map(([key, t]) => (
                <MenuItem key={key} value={key}>
                  {t.label}
                </MenuItem>
              ))}
            </TextField>
            <TextField label="Value" value={value} onChange={(e) => setValue(e.target.value)} error={!!valueError} helperText={valueError ?? policyTypes[type].hint} autoFocus />
            <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} error={!!create.fieldError("description")} helperText={create.fieldError("description") ?? "Why it is blocked: shown in this list and the audit log."} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" loading={create.pending}>
            Create
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
