"use client";
import AddIcon from "@mui/icons-material/Add";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { GridColDef } from "@mui/x-data-grid";
import { useState } from "react";
import { revokeApiKeyAction } from "./actions";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { formatWhen } from "@/components/format";
import { ListGrid } from "@/components/list-grid";
import { useAction } from "@/components/use-action";

export interface ApiKeyRow {
  id: string;
  name: string;
  keyType: "PRODUCTION" | "SANDBOX";
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  restrictions: string;
  state: "Active" | "Revoked" | "Expired";
}

/** The application's API keys: generate one (shown once), see them by name and prefix, revoke. */
export function ApiKeysList({ applicationId, keys }: { applicationId: string; keys: ApiKeyRow[] }) {
  const [creating, setCreating] = useState<number | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const revoke = useAction(revokeApiKeyAction, {
    onSuccess: () => {
      setNotice(`${revoking?.name} revoked: its connections close`);
      setRevoking(null);
    },
  });

  const columns: GridColDef<ApiKeyRow>[] = [
    { field: "name", headerName: "Name", minWidth: 140, flex: 1 },
    { field: "prefix", headerName: "Key", minWidth: 120, renderCell: ({ value }) => <code>{value}…</code> },
    { field: "keyType", headerName: "Key type", minWidth: 110, valueFormatter: (v: string) => (v === "PRODUCTION" ? "Production" : "Sandbox") },
    { field: "createdAt", headerName: "Created", minWidth: 150, valueFormatter: (v: string) => formatWhen(new Date(v)) },
    { field: "expiresAt", headerName: "Expires", minWidth: 150, valueFormatter: (v: string | null) => (v ? formatWhen(new Date(v)) : "Never") },
    { field: "restrictions", headerName: "Only from", minWidth: 150, flex: 1, sortable: false, valueFormatter: (v: string) => v || "Anywhere" },
    {
      field: "state",
      headerName: "State",
      minWidth: 110,
      renderCell: ({ value }) => <Chip size="small" label={value} color={value === "Active" ? "success" : "default"} variant="outlined" />,
    },
    {
      field: "actions",
      headerName: "",
      minWidth: 110,
      sortable: false,
      renderCell: ({ row }) =>
        row.state === "Active" && (
          <Button
            size="small"
            color="error"
            aria-label={`Revoke ${row.name}`}
            onClick={() => {
              revoke.reset();
              setRevoking(row);
            }}
          >
            Revoke
          </Button>
        ),
    },
  ];
  const createButton = (
    <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(Date.now())}>
      Generate API key
    </Button>
  );

  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        An API key stands for this application on APIs whose security accepts API keys: send it as the <code>apikey</code> header, the <code>apikey</code> query parameter, or the
        subprotocols <code>duplex.apikey</code> and <code>duplex.apikey.&lt;key&gt;</code> from a browser. The key is shown once, when it is generated.
      </Typography>
      {keys.length === 0 ? (
        <EmptyState title="No API keys" text="Generate a key for a client that cannot get OAuth2 tokens, and hold it to the addresses or pages it is used from." action={createButton} />
      ) : (
        <Stack spacing={2}>
          <div>{createButton}</div>
          <ListGrid label="API keys" rows={keys} columns={columns} emptyText="No API keys." />
        </Stack>
      )}
      {creating !== null && <CreateApiKeyDialog key={creating} applicationId={applicationId} onClose={() => setCreating(null)} />}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name}?`}
        text="Clients using this key are refused from now on, and its open connections close. A revoked key cannot be used again."
        confirmLabel="Revoke"
        pending={revoke.pending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.run({ applicationId, apiKeyId: revoking.id })}
        onClose={() => setRevoking(null)}
      />
      <Snackbar open={notice !== null} autoHideDuration={5000} onClose={() => setNotice(null)} message={notice} />
    </>
  );
}
