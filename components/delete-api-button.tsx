"use client";
import DeleteIcon from "@mui/icons-material/DeleteOutlined";
import Button from "@mui/material/Button";
import { useState, useTransition } from "react";
import { deleteApiAction } from "@/app/publisher/apis/[id]/actions";
import { ConfirmDialog } from "@/components/confirm-dialog";

export function DeleteApiButton({ apiId, label }: { apiId: string; label: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
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
        pending={pending}
        error={error}
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onConfirm={() =>
          startTransition(async () => {
            const result = await deleteApiAction({ apiId });
            if (!result.ok) setError(result.message ?? "The API could not be deleted.");
          })
        }
      />
    </>
  );
}
