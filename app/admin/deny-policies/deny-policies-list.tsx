"use client";
import AddIcon from "@mui/icons-material/Add";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import type { GridColDef } from "@mui/x-data-grid";
import { useState } from "react";
import { deleteDenyPolicyAction, setDenyPolicyEnabledAction } from "./actions";
import { CreateDenyPolicyDialog, policyTypes, type PolicyType } from "./create-deny-policy-dialog";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { formatWhen } from "@/components/format";
import { ListGrid } from "@/components/list-grid";
import { useAction } from "@/components/use-action";

export interface DenyPolicyRow {
  id: string;
  type: PolicyType;
  label: string;
  description: string;
  enabled: boolean;
  createdAt: string;
}

/** The deny policies (a short list, sorted in the browser): create, enable or disable, delete. */
export function DenyPoliciesList({ policies }: { policies: DenyPolicyRow[] }) {
  const [creating, setCreating] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<DenyPolicyRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = useAction(setDenyPolicyEnabledAction, { onSuccess: (_d, input) => setNotice(input.enabled ? "Policy enabled: matching connections close" : "Policy disabled") });
  const remove = useAction(deleteDenyPolicyAction, {
    onSuccess: () => {
      setNotice(`Policy for ${deleting?.label} deleted`);
      setDeleting(null);
    },
  });

  const columns: GridColDef<DenyPolicyRow>[] = [
    { field: "type", headerName: "Blocks", minWidth: 170, valueGetter: (_v, row) => policyTypes[row.type].label },
    { field: "label", headerName: "Value", minWidth: 200, flex: 1 },
    { field: "description", headerName: "Description", minWidth: 200, flex: 1, sortable: false },
    { field: "createdAt", headerName: "Created", minWidth: 170, valueFormatter: (v: string) => formatWhen(new Date(v)) },
    {
      field: "enabled",
      headerName: "Enabled",
      minWidth: 110,
      renderCell: ({ row }) => (
        <Switch
          checked={row.enabled}
          disabled={toggle.pending}
          slotProps={{ input: { "aria-label": `Enable the policy for ${row.label}` } }}
          onChange={(e) => toggle.run({ policyId: row.id, enabled: e.target.checked })}
        />
      ),
    },
    {
      field: "actions",
      headerName: "",
      minWidth: 100,
      sortable: false,
      renderCell: ({ row }) => (
        <Button size="small" color="error" aria-label={`Delete the policy for ${row.label}`} onClick={() => {
            remove.reset();
            setDeleting(row);
          }}>
          Delete
        </Button>
      ),
    },
  ];
  const createButton = (
    <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(Date.now())}>
      Create deny policy
    </Button>
  );

  return (
    <>
      {toggle.error && <Alert severity="error" sx={{ mb: 2 }}>{toggle.error}</Alert>}
      {policies.length === 0 ? (
        <EmptyState title="No deny policies" text="Nothing is blocked. Create a policy to refuse an address range, an application, a user or an API context on every gateway." action={createButton} />
      ) : (
        <Stack spacing={2}>
          <div>{createButton}</div>
          <ListGrid label="Deny policies" rows={policies} columns={columns} emptyText="No deny policies." />
        </Stack>
      )}
      {creating !== null && (
        <CreateDenyPolicyDialog
          key={creating}
          open
          onClose={() => setCreating(null)}
          onCreated={(label) => {
            setCreating(null);
            setNotice(`${label} blocked`);
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the policy for ${deleting?.label}?`}
        text="What it blocks is let through again. To stop blocking for a while, disable it instead."
        confirmLabel="Delete"
        pending={remove.pending}
        error={remove.error}
        onConfirm={() => deleting && remove.run({ policyId: deleting.id })}
        onClose={() => setDeleting(null)}
      />
      <Snackbar open={notice !== null} autoHideDuration={5000} onClose={() => setNotice(null)} message={notice} />
    </>
  );
}
