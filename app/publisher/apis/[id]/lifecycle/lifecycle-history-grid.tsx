"use client";
import type { GridColDef } from "@mui/x-data-grid";
import { ListGrid } from "@/components/list-grid";
import type { ListPage } from "@/lib/paging";

export interface LifecycleHistoryRow {
  id: string;
  /** Epoch milliseconds, and the same moment as the server wrote it (one time zone, no hydration mismatch). */
  at: number;
  when: string;
  who: string;
  action: string;
  from: string;
  to: string;
}

const columns: GridColDef<LifecycleHistoryRow>[] = [
  { field: "at", headerName: "When", minWidth: 170, flex: 1, renderCell: ({ row }) => row.when },
  { field: "who", headerName: "Who", minWidth: 120, flex: 1, sortable: false },
  { field: "action", headerName: "Action", minWidth: 140, flex: 1, sortable: false },
  { field: "from", headerName: "From", minWidth: 110, flex: 1, sortable: false },
  { field: "to", headerName: "To", minWidth: 110, flex: 1, sortable: false },
];

/** The API's lifecycle changes, a page at a time from the server (the history grows with every change). */
export function LifecycleHistoryGrid(props: { rows: LifecycleHistoryRow[]; paging: ListPage & { total: number } }) {
  return <ListGrid label="Lifecycle history" rows={props.rows} columns={columns} paging={props.paging} emptyText="No lifecycle changes yet." />;
}
