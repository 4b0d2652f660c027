"use client";
import Button from "@mui/material/Button";
import { useState, useTransition } from "react";
import { deleteApplicationAction } from "@/app/devportal/applications/actions";
import { ConfirmDialog } from "./confirm-dialog";

export function DeleteApplicationButton({ id, name }: { id: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
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
        pending={pending}
        error={error}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          startTransition(async () => {
            const result = await deleteApplicationAction({ id });
            if (!result.ok) setError(result.message ?? "The application could not be deleted.");
          })
        }
      />
    </>
  );
}
