"use client";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createApplicationAction, updateApplicationAction } from "./actions";
import { useAction } from "@/components/use-action";

/** Add new application, or edit one (when `application` is given). */
export function ApplicationDialog(props: { application?: { id: string; name: string; description: string }; buttonLabel: string; variant?: "contained" | "outlined" }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(props.application?.name ?? "");
  const [description, setDescription] = useState(props.application?.description ?? "");
  // Creating redirects to the new application; editing stays and refreshes.
  const save = useAction(
    (input: { name: string; description: string }) =>
      props.application ? updateApplicationAction({ id: props.application.id, ...input }) : createApplicationAction(input),
    {
      onSuccess: () => {
        setOpen(false);
        router.refresh();
      },
    },
  );
  const formMessage = save.fieldError("name") || save.fieldError("description") ? undefined : save.error;

  return (
    <>
      <Button variant={props.variant ?? "contained"} onClick={() => {
          save.reset();
          setOpen(true);
        }}>
        {props.buttonLabel}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save.run({ name, description });
          }}
        >
          <DialogTitle>{props.application ? "Edit application" : "Add new application"}</DialogTitle>
          <DialogContent>
            <Stack spacing={2} sx={{ pt: 1 }}>
              <TextField label="Application name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} error={!!save.fieldError("name") || !!formMessage} helperText={save.fieldError("name") ?? formMessage ?? undefined} />
              <TextField label="Application description" multiline minRows={2} value={description} onChange={(e) => setDescription(e.target.value)} error={!!save.fieldError("description")} helperText={save.fieldError("description")} />
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="contained" loading={save.pending} loadingPosition="start">
              {save.pending ? "Saving…" : "Save"}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
