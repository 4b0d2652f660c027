"use client";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import type { GridColDef } from "@mui/x-data-grid";
import { roleLabels } from "./role-checkboxes";
import { UserActions } from "./user-actions";
import { ListGrid } from "@/components/list-grid";
import type { ListPage } from "@/lib/paging";
import type { Role } from "@/lib/roles";

export interface UserRow {
  id: string;
  username: string;
  email: string;
  roles: Role[];
  created: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

function columns(selfId: string): GridColDef<UserRow>[] {
  return [
    { field: "username", headerName: "Username", minWidth: 150, flex: 1 },
    { field: "email", headerName: "Email", minWidth: 180, flex: 1.2, sortable: false },
    {
      field: "roles",
      headerName: "Roles",
      minWidth: 220,
      flex: 1.5,
      sortable: false,
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={0.5} sx={{ flexWrap: "wrap", rowGap: 0.5 }}>
          {row.roles.length === 0 ? "—" : row.roles.map((r) => <Chip key={r} size="small" label={roleLabels[r]} />)}
        </Stack>
      ),
    },
    {
      field: "disabled",
      headerName: "Status",
      minWidth: 110,
      sortable: false,
      renderCell: ({ row }) => (row.disabled ? <Chip size="small" color="error" label="Disabled" /> : <Chip size="small" color="success" variant="outlined" label="Active" />),
    },
    { field: "created", headerName: "Created", minWidth: 160, sortable: false },
    {
      field: "actions",
      headerName: "",
      minWidth: 60,
      width: 60,
      sortable: false,
      renderCell: ({ row }) => <UserActions user={row} isSelf={row.id === selfId} />,
    },
  ];
}

/** The users, a page at a time from the server, with each user's actions in a menu at the end of the row. */
export function UsersGrid(props: { rows: UserRow[]; paging: ListPage & { total: number }; selfId: string; filtered: boolean }) {
  return (
    <ListGrid
      label="Users"
      rows={props.rows}
      columns={columns(props.selfId)}
      paging={props.paging}
      tallRows
      emptyText={props.filtered ? "No users match: try other words, or another status." : "No users yet: create one with Create user."}
    />
  );
}
