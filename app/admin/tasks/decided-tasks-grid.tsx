"use client";
import Chip from "@mui/material/Chip";
import type { GridColDef } from "@mui/x-data-grid";
import type { TaskRow } from "./page";
import { ListGrid } from "@/components/list-grid";

const columns: GridColDef<TaskRow>[] = [
  { field: "decided", headerName: "Decided", minWidth: 160, flex: 1 },
  {
    field: "outcome",
    headerName: "Outcome",
    minWidth: 110,
    renderCell: ({ row }) => <Chip size="small" color={row.outcome === "Approved" ? "success" : "error"} label={row.outcome} />,
  },
  { field: "application", headerName: "Application", minWidth: 140, flex: 1 },
  { field: "owner", headerName: "Owner", minWidth: 110, flex: 1 },
  { field: "api", headerName: "API", minWidth: 140, flex: 1 },
  { field: "plan", headerName: "Plan", minWidth: 100, flex: 1 },
  { field: "decidedBy", headerName: "By", minWidth: 100, flex: 1 },
  { field: "reason", headerName: "Reason", minWidth: 180, flex: 2, sortable: false },
];

export function DecidedTasksGrid({ rows }: { rows: TaskRow[] }) {
  return <ListGrid label="Decided requests" rows={rows} columns={columns} tallRows emptyText="No decisions yet: approved and rejected requests are listed here." />;
}
