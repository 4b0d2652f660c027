import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { CreateUserButton } from "./create-user-button";
import { UsersGrid } from "./users-grid";
import { formatWhen } from "@/components/format";
import { SearchBar } from "@/components/search-bar";
import { listPageOf } from "@/lib/paging";
import { listUsers } from "@/lib/user-management";

export const metadata = { title: "Users" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function UsersPage(props: { searchParams: Promise<Search> }) {
  const actor = await requireRole("/admin/users", ["ADMIN"]);
  const search = await props.searchParams;
  const q = one(search.q)?.slice(0, 100) ?? "";
  const status = one(search.status);
  const statusFilter = status === "active" || status === "disabled" ? status : undefined;
  // Users read best A to Z, so ascending unless the URL asks otherwise (paged lists default to newest first).
  const page = { ...listPageOf(search), sort: one(search.sort) === "desc" ? ("desc" as const) : ("asc" as const) };
  const { rows, total } = await listUsers(actor, { page: page.page, pageSize: page.pageSize, sortDirection: page.sort, search: q, status: statusFilter });
  return (
    <>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ justifyContent: "space-between", alignItems: { sm: "center" }, mb: 3 }}>
        <div>
          <Typography variant="h4" component="h1">
            Users
          </Typography>
          <Typography color="text.secondary">Who may sign in, and with which roles.</Typography>
        </div>
        <CreateUserButton />
      </Stack>
      <SearchBar
        query={q}
        label="Search users"
        placeholder="Search by username or email"
        status={statusFilter}
        statuses={[
          { value: "active", label: "Active" },
          { value: "disabled", label: "Disabled" },
        ]}
      />
      <UsersGrid
        selfId={actor.id}
        filtered={Boolean(q || statusFilter)}
        paging={{ ...page, total }}
        rows={rows.map((u) => ({
          id: u.id,
          username: u.username,
          email: u.email ?? "",
          roles: u.roles,
          created: formatWhen(u.createdAt),
          disabled: u.disabledAt !== null,
          mustChangePassword: u.mustChangePassword,
        }))}
      />
    </>
  );
}
