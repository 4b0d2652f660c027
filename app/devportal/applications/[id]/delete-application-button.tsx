"use client";
import Button from "@mui/material/Button";
import { useState } from "react";
import { deleteApplicationAction } from "@/app/devportal/applications/actions";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useAction } from "@/components/use-action";

export function DeleteApplicationButton({ id, name }: { id: string; name: string }) {
  const [open, setOpen] = useState(false);
  // A success redirects to the applications list; only a refusal comes back here.
  const remove = useAction(deleteApplicationAction);
  return (
    <>
      <Button color="error" variant="outlined" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete ${name}?`}
        text="Its subscriptions end and its keys and access tokens stop working at once. This cannot be undone."
        confirmLabel="Delete"
        pending={remove.pending}
        error={remove.error}
        onClose={() => {
          setOpen(false);
          remove.reset();
        }}
        onConfirm={() => remove.run({ id })}
      />
    </>
  );
}
