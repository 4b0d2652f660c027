"use client";
// The one table of the portals: MUI X DataGrid with the portals' defaults. Sorted in the
// browser when the page holds the whole list; paged (and sorted) by the server when a list
// can grow without bound, with the page in the URL (`?page=2&pageSize=25&sort=asc`) so that
// the server component reads only that page and a link or Back shows the same rows.
import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { DataGrid, type GridColDef, type GridPaginationModel, type GridSortModel, type GridValidRowModel } from "@mui/x-data-grid";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { useCspNonce } from "./csp-nonce";
import { pageSizes, type ListPage } from "@/lib/paging";

export interface ListGridProps<R extends GridValidRowModel> {
  /** The grid's accessible name (role="grid"), e.g. "Lifecycle history". */
  label: string;
  rows: R[];
  columns: GridColDef<R>[];
  /** The row's key, when it is not its `id` field. */
  getRowId?: (row: R) => string;
  /** What an empty list says, with what to do next. */
  emptyText: string;
  /** Given when the server pages the list: the page shown and how many rows there are in all. */
  paging?: ListPage & { total: number };
  /** Rows whose cells wrap onto several lines (chips, lists of topics). */
  tallRows?: boolean;
}

export function ListGrid<R extends GridValidRowModel>(props: ListGridProps<R>) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [loading, startTransition] = useTransition();
  // The grid writes a style element of its own (its CSS variables): it needs the page's nonce to be applied.
  const nonce = useCspNonce();
  const { paging } = props;

  function navigate(next: Record<string, string>) {
    const params = new URLSearchParams(search.toString());
    for (const [key, value] of Object.entries(next)) params.set(key, value);
    startTransition(() => router.push(`${pathname}?${params}`, { scroll: false }));
  }

  const server = paging
    ? {
        paginationMode: "server" as const,
        sortingMode: "server" as const,
        rowCount: paging.total,
        paginationModel: { page: paging.page, pageSize: paging.pageSize },
        onPaginationModelChange: (m: GridPaginationModel) => navigate({ page: String(m.page), pageSize: String(m.pageSize) }),
        // The server sorts by time only (the first column); its direction is in the URL.
        sortModel: [{ field: props.columns[0].field, sort: paging.sort }] satisfies GridSortModel,
        onSortModelChange: (m: GridSortModel) => navigate({ page: "0", sort: m[0]?.sort === "asc" ? "asc" : "desc" }),
        loading,
      }
    : { initialState: { pagination: { paginationModel: { pageSize: 25 } } } };

  return (
    <Box sx={{ width: "100%" }}>
      <DataGrid
        aria-label={props.label}
        nonce={nonce}
        rows={props.rows}
        columns={props.columns}
        getRowId={props.getRowId}
        {...server}
        pageSizeOptions={[...pageSizes]}
        // Short lists: every row and column in the DOM, so a screen reader, find-in-page and a test see them all.
        disableVirtualization
        autoHeight
        density="compact"
        disableRowSelectionOnClick
        disableColumnMenu
        hideFooter={!paging && props.rows.length <= 25}
        getRowHeight={props.tallRows ? () => "auto" : undefined}
        slots={{ noRowsOverlay: () => <EmptyRows text={props.emptyText} /> }}
        sx={{
          border: 0,
          "& .MuiDataGrid-cell": { alignItems: "center", display: "flex", py: props.tallRows ? 1 : 0 },
          "& .MuiDataGrid-columnHeaderTitle": { fontWeight: 600 },
        }}
      />
    </Box>
  );
}

function EmptyRows({ text }: { text: string }) {
  return (
    <Box sx={{ height: "100%", display: "flex", alignItems: "center", justifyContent: "center", p: 2 }}>
      <Typography color="text.secondary" align="center">
        {text}
      </Typography>
    </Box>
  );
}
