"use client";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Grid from "@mui/material/Grid";
import Typography from "@mui/material/Typography";
import type { GridColDef } from "@mui/x-data-grid";
import { useState } from "react";
import { ListGrid } from "@/components/list-grid";
import type { ListPage } from "@/lib/paging";

export interface AuditRow {
  id: string;
  when: string;
  actor: string;
  ip: string;
  entity: string;
  entityId: string;
  action: string;
  /** The values as JSON text, already redacted by the lib. */
  before: string | null;
  after: string | null;
}

/** The log, newest first, a page at a time from the server; a row's Details shows its before and after. */
export function AuditGrid(props: { rows: AuditRow[]; paging: ListPage & { total: number }; filtered: boolean }) {
  const [open, setOpen] = useState<AuditRow | null>(null);
  const columns: GridColDef<AuditRow>[] = [
    // Newest first only (the lib's order), so the column does not offer to sort.
    { field: "when", headerName: "When", minWidth: 170, flex: 1, sortable: false },
    { field: "actor", headerName: "Actor", minWidth: 110, flex: 1, sortable: false },
    { field: "action", headerName: "Action", minWidth: 140, flex: 1, sortable: false },
    { field: "entity", headerName: "Entity", minWidth: 100, flex: 1, sortable: false },
    { field: "entityId", headerName: "Entity id", minWidth: 150, flex: 1, sortable: false },
    { field: "ip", headerName: "From", minWidth: 110, flex: 1, sortable: false },
    {
      field: "details",
      headerName: "",
      minWidth: 100,
      sortable: false,
      renderCell: ({ row }) => (
        <Button size="small" aria-label={`Details of ${row.action} ${row.entity} at ${row.when}`} onClick={() => setOpen(row)}>
          Details
        </Button>
      ),
    },
  ];
  return (
    <>
      <ListGrid
        label="Audit log"
        rows={props.rows}
        columns={columns}
        paging={props.paging}
        emptyText={props.filtered ? "No changes match: widen the time range or clear a filter." : "No changes yet: every change on the platform is recorded here."}
      />
      <Dialog open={open !== null} onClose={() => setOpen(null)} maxWidth="md" fullWidth>
        <DialogTitle>
          {open?.actor} · {open?.action} {open?.entity}
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {open?.when} · {open?.entity} {open?.entityId} {open?.ip && `· from ${open.ip}`}
          </Typography>
          <Grid container spacing={2}>
            <Values title="Before" json={open?.before ?? null} />
            <Values title="After" json={open?.after ?? null} />
          </Grid>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(null)}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

function Values({ title, json }: { title: string; json: string | null }) {
  return (
    <Grid size={{ xs: 12, md: 6 }}>
      <Typography variant="subtitle2" component="h3">
        {title}
      </Typography>
      <Box
        component="pre"
        aria-label={title}
        sx={{ m: 0, p: 1.5, bgcolor: "action.hover", borderRadius: 1, fontSize: 12, overflow: "auto", maxHeight: 420, whiteSpace: "pre-wrap", wordBreak: "break-word" }}
      >
        {json ?? "—"}
      </Box>
    </Grid>
  );
}
