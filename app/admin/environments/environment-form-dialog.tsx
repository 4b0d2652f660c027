"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import FormControlLabel from "@mui/material/FormControlLabel";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import { useState } from "react";
import { createEnvironmentAction, updateEnvironmentAction } from "./actions";
import { useAction } from "@/components/use-action";

export interface EnvironmentDraft {
  name: string;
  displayName: string;
  description: string;
  wsUrl: string;
  wssUrl: string;
  internal: boolean;
}

export const emptyEnvironment: EnvironmentDraft = { name: "", displayName: "", description: "", wsUrl: "", wssUrl: "", internal: false };

/** Create an environment, or edit one (`editing`): everything but its name, which gateways are started with. */
export function EnvironmentFormDialog(props: { editing: boolean; initial: EnvironmentDraft; urlsFromSettings: boolean; onClose: () => void; onSaved: (name: string) => void }) {
  const [draft, setDraft] = useState(props.initial);
  const create = useAction(createEnvironmentAction, { onSuccess: (d) => props.onSaved(d.name) });
  const update = useAction(updateEnvironmentAction, { onSuccess: (d) => props.onSaved(d.name) });
  const save = props.editing ? update : create;
  // Nested under `environment` when editing; a refusal of the lib names the field alone.
  const error = (field: string) => save.fieldError(`environment.${field}`) ?? save.fieldError(field);
  const field = (name: Exclude<keyof EnvironmentDraft, "internal">, label: string, hint?: string) => (
    <TextField
      label={label}
      value={draft[name]}
      onChange={(e) => setDraft((d) => ({ ...d, [name]: e.target.value }))}
      error={!!error(name)}
      helperText={error(name) ?? hint}
      disabled={name === "name" && props.editing}
    />
  );
  const { name, ...fields } = draft;
  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (props.editing) update.run({ name, environment: fields });
          else create.run(draft);
        }}
      >
        <DialogTitle>{props.editing ? `Edit ${props.initial.displayName}` : "New gateway environment"}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {save.error && !save.state.fieldErrors && <Alert severity="error">{save.error}</Alert>}
            {field("name", "Name", "Gateways serve it when started with GATEWAY_ENVIRONMENT=<name>.")}
            {field("displayName", "Display name", "What the Publisher and the Developer Portal show.")}
            {field("description", "Description")}
            {field("wsUrl", "WebSocket URL (ws)", props.urlsFromSettings ? "Empty: the gateway's setting (GATEWAY_URL)." : "Where clients connect, such as ws://gateway.example.com:9099.")}
            {field("wssUrl", "Secure WebSocket URL (wss)", "Optional, such as wss://gateway.example.com:8099.")}
            <FormControlLabel
              control={<Switch checked={draft.internal} onChange={(e) => setDraft((d) => ({ ...d, internal: e.target.checked }))} />}
              label="Internal: its gateways also serve Internal APIs"
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" loading={save.pending}>
            {props.editing ? "Save" : "Create"}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
