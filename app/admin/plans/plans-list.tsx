"use client";
import AddIcon from "@mui/icons-material/Add";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import type { GridColDef } from "@mui/x-data-grid";
import { useState } from "react";
import { deletePlanAction } from "./actions";
import { emptyPlan, PlanFormDialog, type PlanDraft } from "./plan-form-dialog";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { ListGrid } from "@/components/list-grid";
import { useAction } from "@/components/use-action";

export interface PlanRow {
  id: string;
  summary: string;
  connections: string;
  draft: PlanDraft;
}

/** The plans (a short list, sorted in the browser), with Create, Edit and Delete. */
export function PlansList({ plans }: { plans: PlanRow[] }) {
  // A new key per opening, so that the form starts from the plan as it is now.
  const [editing, setEditing] = useState<{ key: number; plan: PlanRow | null } | null>(null);
  const [deleting, setDeleting] = useState<PlanRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useAction(deletePlanAction, {
    onSuccess: () => {
      setNotice(`${deleting?.draft.name} deleted`);
      setDeleting(null);
    },
  });

  const columns: GridColDef<PlanRow>[] = [
    { field: "name", headerName: "Name", minWidth: 140, flex: 1, valueGetter: (_v, row) => row.draft.displayName || row.draft.name },
    { field: "summary", headerName: "Limits", minWidth: 260, flex: 2, sortable: false },
    { field: "connections", headerName: "Max connections", minWidth: 140, sortable: false },
    {
      field: "approval",
      headerName: "Approval",
      minWidth: 120,
      sortable: false,
      renderCell: ({ row }) => (row.draft.requiresApproval ? <Chip size="small" color="warning" label="Required" /> : "—"),
    },
    {
      field: "actions",
      headerName: "",
      minWidth: 170,
      sortable: false,
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={1}>
          <Button size="small" aria-label={`Edit ${row.draft.name}`} onClick={() => setEditing({ key: Date.now(), plan: row })}>
            Edit
          </Button>
          <Button
            size="small"
            color="error"
            aria-label={`Delete ${row.draft.name}`}
            onClick={() => {
              remove.reset();
              setDeleting(row);
            }}
          >
            Delete
          </Button>
        </Stack>
      ),
    },
  ];
  const createButton = (
    <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing({ key: Date.now(), plan: null })}>
      Create plan
    </Button>
  );

  return (
    <>
      {plans.length === 0 ? (
        <EmptyState title="No business plans" text="APIs need at least one plan to be published. Create one: a limit of events per minute is a good start." action={createButton} />
      ) : (
        <Stack spacing={2}>
          <div>{createButton}</div>
          <ListGrid label="Business plans" rows={plans} columns={columns} emptyText="No business plans yet." />
        </Stack>
      )}
      {editing && (
        <PlanFormDialog
          key={editing.key}
          open
          planId={editing.plan?.id}
          initial={editing.plan?.draft ?? emptyPlan}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            setNotice(`${name} saved`);
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.draft.name}?`}
        text="Deleting a plan cannot be undone. A plan that APIs offer or subscriptions use cannot be deleted."
        confirmLabel="Delete"
        pending={remove.pending}
        error={remove.error}
        onConfirm={() => deleting && remove.run({ planId: deleting.id })}
        onClose={() => setDeleting(null)}
      />
      <Snackbar open={notice !== null} autoHideDuration={5000} onClose={() => setNotice(null)} message={notice} />
    </>
  );
}
