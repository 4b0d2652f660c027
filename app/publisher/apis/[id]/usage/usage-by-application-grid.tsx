"use client";
import type { GridColDef } from "@mui/x-data-grid";
import { formatBytes, formatCount } from "@/components/format";
import { ListGrid } from "@/components/list-grid";
import type { UsageTotals } from "@/lib/usage";

/** One application's totals, as lib/usage.ts counts them. */
export interface ApplicationUsageRow extends UsageTotals {
  id: string;
  name: string;
  owner: string;
}

const count = (field: keyof ApplicationUsageRow, headerName: string): GridColDef<ApplicationUsageRow> => ({
  field,
  headerName,
  type: "number",
  minWidth: 110,
  flex: 1,
  valueFormatter: (value: number) => formatCount(value),
});

const columns: GridColDef<ApplicationUsageRow>[] = [
  { field: "name", headerName: "Application", minWidth: 160, flex: 1.4 },
  { field: "owner", headerName: "Owner", minWidth: 120, flex: 1 },
  count("connections", "Connections"),
  count("messagesIn", "Messages in"),
  count("messagesOut", "Messages out"),
  {
    field: "bytes",
    headerName: "Data in / out",
    type: "number",
    minWidth: 150,
    flex: 1.2,
    // Sorted by all the data moved, shown as its two directions.
    valueGetter: (_value, row) => row.bytesIn + row.bytesOut,
    renderCell: ({ row }) => `${formatBytes(row.bytesIn)} / ${formatBytes(row.bytesOut)}`,
  },
  count("throttled", "Throttled"),
  count("errors", "Errors"),
];

/** Each application's use of the API in the window; one row per application that used it, so the list is the page's to sort. */
export function UsageByApplicationGrid({ rows }: { rows: ApplicationUsageRow[] }) {
  return <ListGrid label="Usage by application" rows={rows} columns={columns} emptyText="No application used the API in this window." />;
}
