import SyncAltIcon from "@mui/icons-material/SyncAlt";
import Grid from "@mui/material/Grid";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { ApiCard } from "@/components/api-card";
import { CreateApiButton } from "./create-api-button";
import { EmptyState } from "@/components/empty-state";
import { SearchBar } from "@/components/search-bar";
import { statusLabel } from "@/components/status-chip";
import { listApis } from "@/lib/apis";
import { ApiStatus } from "@/generated/prisma/enums";
import { publisherRoles } from "@/lib/roles";
import { formatWhen } from "@/components/format";

export const metadata = { title: "APIs" };

const statuses = Object.values(ApiStatus);

export default async function ApisPage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string }> }) {
  const actor = await requireRole("/publisher/apis", publisherRoles);
  const { q, status } = await searchParams;
  const statusFilter = statuses.find((s) => s === status);
  const filtered = Boolean(q?.trim() || statusFilter);
  const apis = await listApis(actor, { query: q, status: statusFilter });
  return (
    <>
      <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center", mb: 3 }}>
        <div>
          <Typography variant="h4" component="h1">
            APIs
          </Typography>
          <Typography color="text.secondary">WebSocket APIs you and your team manage.</Typography>
        </div>
        {(apis.length > 0 || filtered) && <CreateApiButton />}
      </Stack>
      {(apis.length > 0 || filtered) && (
        <SearchBar query={q} status={statusFilter} placeholder="Search by name, context or description" statuses={statuses.map((s) => ({ value: s, label: statusLabel(s) }))} />
      )}
      {apis.length === 0 && filtered ? (
        <EmptyState title="No APIs match" text="Try other words, or another status." />
      ) : apis.length === 0 ? (
        <EmptyState
          icon={<SyncAltIcon />}
          title="No APIs yet"
          text="Create a WebSocket API to put a gateway, keys and plans in front of your ws:// backend."
          action={<CreateApiButton />}
        />
      ) : (
        <Grid container spacing={2}>
          {apis.map((api) => (
            <Grid key={api.id} size={{ xs: 12, sm: 6, lg: 4 }}>
              <ApiCard
                href={`/publisher/apis/${api.id}`}
                name={api.name}
                version={api.version}
                context={api.context}
                status={api.status}
                provider={api.provider.username}
                tags={api.tags}
                footer={
                  <Typography variant="caption" color="text.secondary">
                    Last changed {formatWhen(api.updatedAt)}
                  </Typography>
                }
              />
            </Grid>
          ))}
        </Grid>
      )}
    </>
  );
}
