"use client";
import StarIcon from "@mui/icons-material/Star";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createNewVersionAction, setDefaultVersionAction } from "@/app/publisher/apis/[id]/versions/actions";
import { SectionCard } from "@/components/section-card";
import { StatusChip } from "@/components/status-chip";
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
  const [versionError, setVersionError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const current = props.versions.find((v) => v.id === props.apiId);

  function create() {
    startTransition(async () => {
      const result = await createNewVersionAction({ apiId: props.apiId, version });
      if (!result.ok) setVersionError(result.fieldErrors?.version ?? result.message ?? "The version could not be created.");
    });
  }

  function makeDefault(row: VersionRow) {
    startTransition(async () => {
      const result = await setDefaultVersionAction({ apiId: row.id });
      if (!result.ok) return setError(result.message ?? "The default version could not be changed.");
      setError(null);
      setDone(`${row.version} is now the default version`);
      router.refresh();
    });
  }

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
            <Button variant="contained" onClick={create} disabled={pending} sx={{ mt: 1 }}>
              Create New Version
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
        <Table size="small" aria-label="Versions">
          <TableHead>
            <TableRow>
              <TableCell>Version</TableCell>
              <TableCell>Gateway path</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Subscriptions</TableCell>
              <TableCell>Created</TableCell>
              <TableCell align="right">Default version</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.versions.map((v) => (
              <TableRow key={v.id} selected={v.id === props.apiId}>
                <TableCell>{v.id === props.apiId ? <strong>{v.version}</strong> : <Link href={`/publisher/apis/${v.id}/versions`}>{v.version}</Link>}</TableCell>
                <TableCell>
                  <code>{v.path}</code>
                </TableCell>
                <TableCell>
                  <StatusChip status={v.status} />
                </TableCell>
                <TableCell>{v.subscriptions}</TableCell>
                <TableCell>{v.created}</TableCell>
                <TableCell align="right">
                  {v.isDefault ? (
                    <Chip icon={<StarIcon />} label="Default" color="primary" size="small" />
                  ) : (
                    props.canEdit &&
                    v.status !== "RETIRED" && (
                      <Button size="small" onClick={() => makeDefault(v)} disabled={pending} aria-label={`Make ${v.version} the default version`}>
                        Make default
                      </Button>
                    )
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SectionCard>
      <Snackbar open={done !== null} autoHideDuration={4000} onClose={() => setDone(null)} message={done} />
    </Stack>
  );
}
