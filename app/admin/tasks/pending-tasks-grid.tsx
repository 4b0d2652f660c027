"use client";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Alert from "@mui/material/Alert";
import TextField from "@mui/material/TextField";
import type { GridColDef } from "@mui/x-data-grid";
import { useState } from "react";
import { decideTaskAction } from "./actions";
import type { TaskRow } from "./page";
import { ListGrid } from "@/components/list-grid";
import { useAction } from "@/components/use-action";

/** The requests waiting, oldest first, each with Approve and Reject (which asks the developer's reason). */
export function PendingTasksGrid({ rows }: { rows: TaskRow[] }) {
  const [rejecting, setRejecting] = useState<TaskRow | null>(null);
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  // The row being approved: its button alone shows the wait, and the notice says what changed.
  const [approving, setApproving] = useState<TaskRow | null>(null);
  const approve = useAction(decideTaskAction, {
    onSuccess: () => setNotice(approving?.kind === "Plan change" ? `Approved: the subscription is now on the ${approving.plan} plan` : "Approved: the subscription is active"),
  });
  const reject = useAction(decideTaskAction, {
    onSuccess: () => {
      setRejecting(null);
      setNotice("Rejected: the developer sees your reason");
    },
  });
  const label = (row: TaskRow) => `${row.application} to ${row.api}`;

  const columns: GridColDef<TaskRow>[] = [
    { field: "requested", headerName: "Requested", minWidth: 160, flex: 1 },
    { field: "kind", headerName: "Request", minWidth: 130, flex: 1 },
    { field: "application", headerName: "Application", minWidth: 140, flex: 1 },
    { field: "owner", headerName: "Owner", minWidth: 110, flex: 1 },
    { field: "api", headerName: "API", minWidth: 140, flex: 1 },
    { field: "plan", headerName: "Plan", minWidth: 100, flex: 1 },
    {
      field: "actions",
      headerName: "",
      minWidth: 190,
      sortable: false,
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={1}>
          <Button
            size="small"
            variant="contained"
            aria-label={`Approve ${label(row)}`}
            disabled={approve.pending}
            loading={approve.pending && approving?.id === row.id}
            onClick={() => {
              setApproving(row);
              approve.run({ taskId: row.id, decision: "APPROVE" });
            }}
          >
            Approve
          </Button>
          <Button
            size="small"
            color="error"
            aria-label={`Reject ${label(row)}`}
            onClick={() => {
              reject.reset();
              setReason("");
              setRejecting(row);
            }}
          >
            Reject
          </Button>
        </Stack>
      ),
    },
  ];

  return (
    <>
      {approve.error && <Alert severity="error" sx={{ mb: 1 }}>{approve.error}</Alert>}
      <ListGrid label="Pending requests" rows={rows} columns={columns} emptyText="Nothing waits for approval. Requests appear here when a developer subscribes with a plan that requires approval." />
      <Dialog open={rejecting !== null} onClose={() => setRejecting(null)} maxWidth="xs" fullWidth>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (rejecting) reject.run({ taskId: rejecting.id, decision: "REJECT", reason });
          }}
        >
          <DialogTitle>Reject the request?</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>
              {rejecting && `${rejecting.owner}'s ${rejecting.application} asked for the ${rejecting.plan} plan of ${rejecting.api}.`}
            </DialogContentText>
            {reject.error && !reject.fieldError("reason") && <Alert severity="error" sx={{ mb: 2 }}>{reject.error}</Alert>}
            <TextField
              label="Reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={!!reject.fieldError("reason")}
              helperText={reject.fieldError("reason") ?? "The developer reads it beside the subscription."}
              multiline
              minRows={2}
              fullWidth
              autoFocus
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setRejecting(null)}>Cancel</Button>
            <Button type="submit" color="error" variant="contained" loading={reject.pending}>
              Reject
            </Button>
          </DialogActions>
        </form>
      </Dialog>
      <Snackbar open={notice !== null} autoHideDuration={5000} onClose={() => setNotice(null)} message={notice} />
    </>
  );
}
