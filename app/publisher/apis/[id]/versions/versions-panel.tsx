"use client";
import StarIcon from "@mui/icons-material/Star";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import type { GridColDef } from "@mui/x-data-grid";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createNewVersionAction, setDefaultVersionAction } from "./actions";
import { ListGrid } from "@/components/list-grid";
import { SectionCard } from "@/components/section-card";
import { StatusChip } from "@/components/status-chip";
import { useAction } from "@/components/use-action";
import type { ApiStatus } from "@/generated/prisma/enums";

interface VersionRow {
  id: string;
  version: string;
  path: string;
  status: ApiStatus;
  isDefault: boolean;
  subscriptions: number;
  created: string;
}

/** The Versions tab: copy the API under a new version, and choose the default version. */
export function VersionsPanel(props: { apiId: string; apiName: string; defaultPath: string; canEdit: boolean; versions: VersionRow[] }) {
  const router = useRouter();
  const [version, setVersion] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const current = props.versions.find((v) => v.id === props.apiId);
  // A new version redirects to its page; only a refusal comes back here.
  const create = useAction(createNewVersionAction);
  const versionError = create.fieldError("version") ?? create.error;
  const makeDefault = useAction((row: VersionRow) => setDefaultVersionAction({ apiId: row.id }), {
    onSuccess: (_, row) => {
      setDone(`${row.version} is now the default version`);
      router.refresh();
    },
  });
  const error = makeDefault.error;
  const pending = create.pending || makeDefault.pending;

  const columns: GridColDef<VersionRow>[] = [
    {
      field: "version",
      headerName: "Version",
      minWidth: 100,
      flex: 0.8,
      renderCell: ({ row: v }) => (v.id === props.apiId ? <strong>{v.version}</strong> : <Link href={`/publisher/apis/${v.id}/versions`}>{v.version}</Link>),
    },
    { field: "path", headerName: "Gateway path", minWidth: 160, flex: 1.2, renderCell: ({ row: v }) => <code>{v.path}</code> },
    { field: "status", headerName: "Status", minWidth: 110, flex: 0.8, renderCell: ({ row: v }) => <StatusChip status={v.status} /> },
    { field: "subscriptions", headerName: "Subscriptions", type: "number", align: "left", headerAlign: "left", minWidth: 110, flex: 0.7 },
    { field: "created", headerName: "Created", minWidth: 170, flex: 1, sortable: false },
    {
      field: "isDefault",
      headerName: "Default version",
      sortable: false,
      align: "right",
      headerAlign: "right",
      minWidth: 150,
      flex: 1,
      renderCell: ({ row: v }) =>
        v.isDefault ? (
          <Chip icon={<StarIcon />} label="Default" color="primary" size="small" />
        ) : (
          props.canEdit &&
          v.status !== "RETIRED" && (
            <Button size="small" onClick={() => makeDefault.run(v)} disabled={pending} aria-label={`Make ${v.version} the default version`}>
              Make default
            </Button>
          )
        ),
    },
  ];

  return (
    <Stack spacing={2}>
      {props.canEdit && (
        <SectionCard title="Create New Version">
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            Copies this API ({current?.version}) with its topics, endpoints and business plans under a new version, in the Created state.
          </Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: "flex-start" }}>
            <TextField
              label="New version"
              value={version}
              onChange={(e) => setVersion(e.target.value)}
              error={!!versionError}
              helperText={versionError ?? "For example 2.0.0"}
              sx={{ width: 320 }}
            />
            <Button variant="contained" onClick={() => create.run({ apiId: props.apiId, version })} loading={create.pending} loadingPosition="start" sx={{ mt: 1 }}>
              {create.pending ? "Creating…" : "Create New Version"}
            </Button>
          </Stack>
        </SectionCard>
      )}
      <SectionCard title={`Versions of ${props.apiName}`}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          The default version is also served at <code>{props.defaultPath}</code>, without a version in the path.
        </Typography>
        {error && (
          <Alert severity="error" sx={{ my: 1 }}>
            {error}
          </Alert>
        )}
        <ListGrid label="Versions" rows={props.versions} columns={columns} emptyText="No versions." />
      </SectionCard>
      <Snackbar open={done !== null} autoHideDuration={4000} onClose={() => setDone(null)} message={done} />
    </Stack>
  );
}
