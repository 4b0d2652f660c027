"use client";
import DeleteIcon from "@mui/icons-material/DeleteOutlined";
import Button from "@mui/material/Button";
import { useState } from "react";
import { deleteApiAction } from "./actions";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useAction } from "@/components/use-action";

export function DeleteApiButton({ apiId, label }: { apiId: string; label: string }) {
  const [open, setOpen] = useState(false);
  // A success redirects to the APIs list; only a refusal comes back here.
  const remove = useAction(deleteApiAction);
  return (
    <>
      <Button color="error" variant="outlined" startIcon={<DeleteIcon />} onClick={() => setOpen(true)}>
        Delete API
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete ${label}?`}
        text="Its topics, endpoints, business plans, lifecycle history and usage go with it. This cannot be undone."
        confirmLabel="Delete"
        pending={remove.pending}
        error={remove.error}
        onClose={() => {
          setOpen(false);
          remove.reset();
        }}
        onConfirm={() => remove.run({ apiId })}
      />
    </>
  );
}
