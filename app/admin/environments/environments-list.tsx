"use client";
import AddIcon from "@mui/icons-material/Add";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { GridColDef } from "@mui/x-data-grid";
import { useState } from "react";
import { deleteEnvironmentAction } from "./actions";
import { EnvironmentFormDialog, emptyEnvironment, type EnvironmentDraft } from "./environment-form-dialog";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { formatCount, formatWhen } from "@/components/format";
import { ListGrid } from "@/components/list-grid";
import { useAction } from "@/components/use-action";

interface ProcessRow {
  id: string;
  host: string;
  version: string;
  startedAt: string;
  lastHeartbeatAt: string;
  openConnections: number;
  configVersion: number | null;
  gone: boolean;
  upToDate: boolean;
}

export interface EnvironmentRow {
  name: string;
  environment: { displayName: string; description: string; ws: string; wss: string | null; internal: boolean; fromSettings: { ws: boolean; wss: boolean } } | null;
  processes: ProcessRow[];
}

const processColumns: GridColDef<ProcessRow>[] = [
  { field: "id", headerName: "Gateway", minWidth: 200, flex: 1 },
  { field: "host", headerName: "Host", minWidth: 120 },
  { field: "version", headerName: "Version", minWidth: 90 },
  { field: "startedAt", headerName: "Started", minWidth: 170, valueFormatter: (v: string) => formatWhen(new Date(v)) },
  { field: "lastHeartbeatAt", headerName: "Last heartbeat", minWidth: 170, valueFormatter: (v: string) => formatWhen(new Date(v)) },
  { field: "openConnections", headerName: "Connections", minWidth: 110, type: "number", valueFormatter: (v: number) => formatCount(v) },
  { field: "configVersion", headerName: "Config", minWidth: 90, type: "number" },
  {
    field: "state",
    headerName: "State",
    minWidth: 130,
    sortable: false,
    renderCell: ({ row }) =>
      row.gone ? <Chip size="small" color="error" label="Gone" /> : row.upToDate ? <Chip size="small" color="success" label="Serving" /> : <Chip size="small" color="warning" label="Catching up" />,
  },
];

function draftOf(row: EnvironmentRow): EnvironmentDraft {
  const e = row.environment!;
  return { name: row.name, displayName: e.displayName, description: e.description, wsUrl: e.fromSettings.ws ? "" : e.ws, wssUrl: e.fromSettings.wss ? "" : (e.wss ?? ""), internal: e.internal };
}

/** Each environment with its URLs and the gateway processes serving it; create, edit, delete. */
export function EnvironmentsList({ environments, defaultEnvironment }: { environments: EnvironmentRow[]; defaultEnvironment: string }) {
  const [editing, setEditing] = useState<{ key: number; row: EnvironmentRow | null } | null>(null);
  const [deleting, setDeleting] = useState<EnvironmentRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useAction(deleteEnvironmentAction, {
    onSuccess: () => {
      setNotice(`${deleting?.environment?.displayName ?? deleting?.name} deleted`);
      setDeleting(null);
    },
  });

  return (
    <Stack spacing={3}>
      <div>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing({ key: Date.now(), row: null })}>
          Create environment
        </Button>
      </div>
      {environments.map((row) => (
        <Card key={row.name} component="section" aria-label={row.environment?.displayName ?? row.name}>
          <CardContent>
            <Stack direction="row" sx={{ alignItems: "center", flexWrap: "wrap", gap: 1, mb: 1 }}>
              <Typography variant="h6" component="h2">
                {row.environment?.displayName ?? row.name}
              </Typography>
              <Chip size="small" variant="outlined" label={row.name} />
              {row.environment?.internal && <Chip size="small" color="secondary" label="Internal" />}
              {!row.environment && <Chip size="small" color="warning" label="No such environment: serves nothing" />}
              <div style={{ flex: 1 }} />
              {row.environment && (
                <Button size="small" aria-label={`Edit ${row.environment.displayName}`} onClick={() => setEditing({ key: Date.now(), row })}>
                  Edit
                </Button>
              )}
              {row.environment && row.name !== defaultEnvironment && (
                <Button
                  size="small"
                  color="error"
                  aria-label={`Delete ${row.environment.displayName}`}
                  onClick={() => {
                    remove.reset();
                    setDeleting(row);
                  }}
                >
                  Delete
                </Button>
              )}
            </Stack>
            {row.environment && (
              <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                {row.environment.description && `${row.environment.description} · `}
                <code>{row.environment.ws}</code>
                {row.environment.wss && (
                  <>
                    {" · "}
                    <code>{row.environment.wss}</code>
                  </>
                )}
              </Typography>
            )}
            {row.processes.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                No gateway serves it now. Start one with <code>GATEWAY_ENVIRONMENT={row.name}</code>.
              </Typography>
            ) : (
              <ListGrid label={`Gateways of ${row.environment?.displayName ?? row.name}`} rows={row.processes} columns={processColumns} emptyText="No gateway serves it now." />
            )}
          </CardContent>
        </Card>
      ))}
      {editing && (
        <EnvironmentFormDialog
          key={editing.key}
          editing={editing.row !== null}
          initial={editing.row ? draftOf(editing.row) : emptyEnvironment}
          urlsFromSettings={!!editing.row?.environment?.fromSettings.ws || editing.row?.name === "Development"}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            setNotice(`${name} saved`);
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.environment?.displayName ?? deleting?.name}?`}
        text="Gateways started for it will serve nothing. An environment that APIs are deployed to cannot be deleted: undeploy them first."
        confirmLabel="Delete"
        pending={remove.pending}
        error={remove.error}
        onConfirm={() => deleting && remove.run({ name: deleting.name })}
        onClose={() => setDeleting(null)}
      />
      <Snackbar open={notice !== null} autoHideDuration={5000} onClose={() => setNotice(null)} message={notice} />
    </Stack>
  );
}
