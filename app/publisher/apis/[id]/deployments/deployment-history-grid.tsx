"use client";
import type { GridColDef } from "@mui/x-data-grid";
import { ListGrid } from "@/components/list-grid";
import type { ListPage } from "@/lib/paging";

export interface DeploymentHistoryRow {
  id: string;
  /** Epoch milliseconds, and the same moment as the server wrote it (one time zone, no hydration mismatch). */
  at: number;
  when: string;
  who: string;
  action: string;
  environment: string;
  /** "2 → 1" for a roll back, "2" otherwise. */
  revision: string;
}

const columns: GridColDef<DeploymentHistoryRow>[] = [
  { field: "at", headerName: "When", minWidth: 170, flex: 1, renderCell: ({ row }) => row.when },
  { field: "who", headerName: "Who", minWidth: 110, flex: 1, sortable: false },
  { field: "action", headerName: "Action", minWidth: 100, flex: 1, sortable: false },
  { field: "environment", headerName: "Environment", minWidth: 120, flex: 1, sortable: false },
  { field: "revision", headerName: "Revision", minWidth: 90, flex: 0.6, sortable: false },
];

/** Every deploy, roll back and undeploy of the API, a page at a time from the server. */
export function DeploymentHistoryGrid(props: { rows: DeploymentHistoryRow[]; paging: ListPage & { total: number } }) {
  return <ListGrid label="Deployment history" rows={props.rows} columns={columns} paging={props.paging} emptyText="Nothing deployed yet: Deploy puts the working copy on a gateway." />;
}
