import CheckCircleIcon from "@mui/icons-material/CheckCircle";
import RadioButtonUncheckedIcon from "@mui/icons-material/RadioButtonUnchecked";
import Grid from "@mui/material/Grid";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { requireRole } from "@/app/_server/session";
import { LifecycleActions } from "./lifecycle-actions";
import { LifecycleDiagram } from "./lifecycle-diagram";
import { LifecycleHistoryGrid } from "./lifecycle-history-grid";
import { apiForPublisher } from "@/app/_server/reads";
import { formatWhen } from "@/components/format";
import { SectionCard } from "@/components/section-card";
import { statusLabel } from "@/components/status-chip";
import { lifecycleHistory } from "@/lib/history";
import { allowedActions, publishRequirements } from "@/lib/lifecycle";
import { listPageOf } from "@/lib/paging";
import { hasRole, publisherRoles } from "@/lib/roles";

export const metadata = { title: "Lifecycle" };

// Where an unmet requirement is put right.
const fixedOn: Record<string, { path: string; tab: string }> = {
  "An endpoint is set": { path: "/endpoints", tab: "Endpoints" },
  "At least one business plan is chosen": { path: "/plans", tab: "Business Plans" },
};

export default async function LifecyclePage(props: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await props.params;
  const actor = await requireRole(`/publisher/apis/${id}/lifecycle`, publisherRoles);
  const page = listPageOf(await props.searchParams);
  const [api, history] = await Promise.all([apiForPublisher(actor, id), lifecycleHistory(actor, id, page)]);
  return (
    <Stack spacing={2}>
      <SectionCard title="Lifecycle state">
        <Stack spacing={3} sx={{ mt: 1 }}>
          <LifecycleDiagram current={api.status} />
          <LifecycleActions apiId={api.id} actions={allowedActions(api.status)} canChange={hasRole(actor, "PUBLISHER")} />
        </Stack>
      </SectionCard>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <SectionCard title="Requirements to publish">
            <List dense>
              {publishRequirements(api).map((r) => (
                <ListItem key={r.label} disableGutters>
                  <ListItemIcon sx={{ minWidth: 32 }}>
                    {r.met ? <CheckCircleIcon color="success" fontSize="small" /> : <RadioButtonUncheckedIcon color="disabled" fontSize="small" />}
                  </ListItemIcon>
                  <ListItemText
                    primary={r.label}
                    secondary={!r.met && fixedOn[r.label] && <Link href={`/publisher/apis/${api.id}${fixedOn[r.label].path}`}>Set it on the {fixedOn[r.label].tab} tab</Link>}
                  />
                </ListItem>
              ))}
            </List>
            <Typography variant="body2" color="text.secondary">
              Publish and Deploy as a Prototype also deploy the working copy to Production when the API has never been deployed; after that,
              changes go live from the <Link href={`/publisher/apis/${api.id}/deployments`}>Deployments</Link> tab.
            </Typography>
          </SectionCard>
        </Grid>
        <Grid size={{ xs: 12, md: 8 }}>
          <SectionCard title="History">
            <LifecycleHistoryGrid
              paging={{ ...page, total: history.total }}
              rows={history.rows.map((e) => ({
                id: e.id,
                at: e.at.getTime(),
                when: formatWhen(e.at),
                who: e.who,
                action: e.action,
                from: e.fromStatus ? statusLabel(e.fromStatus) : "—",
                to: statusLabel(e.toStatus),
              }))}
            />
          </SectionCard>
        </Grid>
      </Grid>
    </Stack>
  );
}
