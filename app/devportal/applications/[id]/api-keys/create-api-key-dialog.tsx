"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createApiKeyAction } from "./actions";
import { CopyField } from "@/components/copy-field";
import { useAction } from "@/components/use-action";

const entriesOf = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** Generate API key: name, key type, validity and restrictions; then the key, once. */
export function CreateApiKeyDialog({ applicationId, onClose }: { applicationId: string; onClose: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [keyType, setKeyType] = useState<"PRODUCTION" | "SANDBOX">("PRODUCTION");
  const [validityDays, setValidityDays] = useState("");
  const [ips, setIps] = useState("");
  const [origins, setOrigins] = useState("");
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const create = useAction(createApiKeyAction, {
    onSuccess: (data) => {
      setCreated(data);
      router.refresh();
    },
  });
  const field = (name: string) => create.fieldError(name);

  if (created) {
    return (
      <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="api-key-created">
        <DialogTitle id="api-key-created">{created.name} generated</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <Alert severity="warning">Copy the key now: it is not shown again. Only a fingerprint of it is kept.</Alert>
            <CopyField label="API key" value={created.key} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={onClose}>
            Done
          </Button>
        </DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.run({ applicationId, name, keyType, validityDays, allowedIps: entriesOf(ips), allowedOrigins: entriesOf(origins) });
        }}
      >
        <DialogTitle>Generate API key</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {create.error && !create.state.fieldErrors && <Alert severity="error">{create.error}</Alert>}
            <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={!!field("name")} helperText={field("name") ?? "Where the key is used, such as the kiosk app."} autoFocus />
            <TextField select label="Key type" value={keyType} onChange={(e) => setKeyType(e.target.value as "PRODUCTION" | "SANDBOX")}>
              <MenuItem value="PRODUCTION">Production</MenuItem>
              <MenuItem value="SANDBOX">Sandbox</MenuItem>
            </TextField>
            <TextField
              label="Valid for (days)"
              value={validityDays}
              onChange={(e) => setValidityDays(e.target.value)}
              error={!!field("validityDays")}
              helperText={field("validityDays") ?? "Empty: the key does not expire."}
              slotProps={{ htmlInput: { inputMode: "numeric" } }}
            />
            <TextField
              label="Allowed client addresses"
              multiline
              minRows={2}
              value={ips}
              onChange={(e) => setIps(e.target.value)}
              error={!!field("allowedIps")}
              helperText={field("allowedIps") ?? "IPv4 or IPv6 addresses and CIDR ranges, one per line. Empty: any."}
            />
            <TextField
              label="Allowed origins"
              multiline
              minRows={2}
              value={origins}
              onChange={(e) => setOrigins(e.target.value)}
              error={!!field("allowedOrigins")}
              helperText={field("allowedOrigins") ?? "The pages the key is used from, such as https://app.example.com. Empty: any."}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" loading={create.pending}>
            Generate
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
