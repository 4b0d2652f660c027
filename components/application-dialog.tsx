"use client";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createApplicationAction, updateApplicationAction } from "@/app/devportal/applications/actions";
import type { ActionState } from "@/app/_server/action";

/** Add new application, or edit one (when `application` is given). */
export function ApplicationDialog(props: { application?: { id: string; name: string; description: string }; buttonLabel: string; variant?: "contained" | "outlined" }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(props.application?.name ?? "");
  const [description, setDescription] = useState(props.application?.description ?? "");
  const [state, setState] = useState<ActionState>({ ok: false });
  const [pending, startTransition] = useTransition();
  const errors = state.fieldErrors ?? {};

  function save() {
    startTransition(async () => {
      const result = props.application
        ? await updateApplicationAction({ id: props.application.id, name, description })
        : await createApplicationAction({ name, description });
      setState(result);
      if (result.ok) {
        setOpen(false);
        router.refresh();
      }
    });
  }

  return (
    <>
      <Button variant={props.variant ?? "contained"} onClick={() => setOpen(true)}>
        {props.buttonLabel}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <DialogTitle>{props.application ? "Edit application" : "Add new application"}</DialogTitle>
          <DialogContent>
            <Stack spacing={2} sx={{ pt: 1 }}>
              <TextField label="Application name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} error={!!errors.name} helperText={errors.name ?? (!state.ok && !errors.name ? state.message : undefined)} />
              <TextField label="Application description" multiline minRows={2} value={description} onChange={(e) => setDescription(e.target.value)} error={!!errors.description} helperText={errors.description} />
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="contained" disabled={pending}>
              Save
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
