import HistoryIcon from "@mui/icons-material/History";
import Alert from "@mui/material/Alert";
import Grid from "@mui/material/Grid";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { DeployDialog } from "./deploy-dialog";
import { EmptyState } from "@/components/empty-state";
import { EnvironmentCard } from "./environment-card";
import { DeploymentHistoryGrid } from "./deployment-history-grid";
import { RevisionsTable } from "./revisions-table";
import { SectionCard } from "@/components/section-card";
import { statusLabel } from "@/components/status-chip";
import { getDeployments } from "@/lib/deployments";
import { deploymentHistory } from "@/lib/history";
import { listPageOf } from "@/lib/paging";
import { gatewayUrls } from "@/lib/gateway-urls";
import { publisherRoles } from "@/lib/roles";
import { formatWhen } from "@/components/format";
import { apiForPublisher } from "@/app/_server/reads";

export const metadata = { title: "Deployments" };


export default async function DeploymentsPage(props: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await props.params;
  const actor = await requireRole(`/publisher/apis/${id}/deployments`, publisherRoles);
  const page = listPageOf(await props.searchParams);
  const [api, view, history] = await Promise.all([apiForPublisher(actor, id), getDeployments(actor, id), deploymentHistory(actor, id, page)]);
  const notServed =
    api.status === "CREATED"
      ? "Not served while the API is Created: publish it, or deploy it as a prototype, on the Lifecycle tab."
      : api.status === "RETIRED"
        ? "Not served: the API is retired."
        : null;
  const live = Object.fromEntries(view.environments.flatMap((e) => (e.deployment ? [[e.environment, e.deployment.revisionNumber]] : [])));
  const newest = view.revisions[0];
  const deployed = view.environments.some((e) => e.deployment);

  return (
    <Stack spacing={2}>
      <SectionCard title="Deployments">
        <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ alignItems: { md: "center" }, mt: 1 }}>
          <Typography color="text.secondary" sx={{ flex: 1 }}>
            Saving topics and endpoints changes the working copy. <strong>Deploy</strong> freezes it as a revision and puts it on a gateway
            environment; the gateways serve only what is deployed. The lifecycle state, business plans, subscriptions and keys are always live: a
            Block acts at once, without a deploy.
          </Typography>
          {view.canDeploy && api.status !== "RETIRED" && (
            <DeployDialog
              apiId={api.id}
              newestUnchanged={newest?.matchesWorkingCopy ? newest.number : null}
              nextNumber={(newest?.number ?? 0) + 1}
              targets={view.environments.map((e) => ({
                environment: e.environment,
                live: e.deployment ? `revision ${e.deployment.revisionNumber}` : "not deployed",
                suggested: deployed ? !!e.deployment && !e.deployment.upToDate : e.environment === "Production",
              }))}
            />
          )}
        </Stack>
        {view.undeployedChanges.length > 0 && (
          <Alert severity="warning" sx={{ mt: 2 }}>
            Undeployed changes: the working copy differs from the revision live in {view.undeployedChanges.join(" and ")}. {view.canDeploy ? "Deploy to take them live." : "A publisher's Deploy takes them live."}
          </Alert>
        )}
        {!view.canDeploy && (
          <Alert severity="info" sx={{ mt: 2 }}>
            Deploying needs the publisher role. You can see what is live where{view.canRestore ? ", and restore a revision to the working copy" : ""}.
          </Alert>
        )}
      </SectionCard>

      <Grid container spacing={2}>
        {view.environments.map((e) => (
          <Grid key={e.environment} size={{ xs: 12, md: 6 }}>
            <EnvironmentCard
              apiId={api.id}
              environment={e.environment}
              description={e.description}
              urls={gatewayUrls(api, e.urls)}
              live={e.deployment && { revisionNumber: e.deployment.revisionNumber, deployedAt: formatWhen(e.deployment.deployedAt), deployedBy: e.deployment.deployedBy, upToDate: e.deployment.upToDate }}
              notServed={notServed}
              canDeploy={view.canDeploy}
            />
          </Grid>
        ))}
      </Grid>

      <SectionCard title={`Revisions (${view.revisions.length} of at most ${view.maxRevisions})`}>
        {view.revisions.length === 0 ? (
          <EmptyState
            icon={<HistoryIcon />}
            title="No revisions yet"
            text={view.canDeploy ? "Deploy makes the first revision of the working copy. Publishing does it too, to Production." : "A publisher's Deploy makes the first revision. Publishing does it too, to Production."}
          />
        ) : (
          <RevisionsTable
            apiId={api.id}
            revisions={view.revisions.map((r) => ({
              id: r.id,
              number: r.number,
              description: r.description,
              created: formatWhen(r.createdAt),
              createdBy: r.createdBy,
              topics: r.config.topics.map((t) => t.name),
              endpoints: r.config.endpoints.map((e) => ({ type: e.type, url: e.url })),
              deployedTo: r.deployedTo,
              matchesWorkingCopy: r.matchesWorkingCopy,
            }))}
            live={live}
            environments={view.environments.map((e) => e.environment)}
            canDeploy={view.canDeploy && api.status !== "RETIRED"}
            canRestore={view.canRestore && api.status !== "RETIRED"}
          />
        )}
      </SectionCard>

      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <SectionCard fill title="What a revision holds">
            <List dense>
              <ListItem disableGutters>
                <ListItemText primary="Deployed: a revision" secondary="Context and version, topics with their URL mappings, production and sandbox endpoints with their cogwheel settings." />
              </ListItem>
              <ListItem disableGutters>
                <ListItemText primary="Always live" secondary={`Lifecycle state (now ${statusLabel(api.status)}), default version, business plans, subscriptions, keys and revocations.`} />
              </ListItem>
            </List>
          </SectionCard>
        </Grid>
        <Grid size={{ xs: 12, md: 8 }}>
          <SectionCard fill title="Deployment history">
            <DeploymentHistoryGrid
              paging={{ ...page, total: history.total }}
              rows={history.rows.map((h) => ({
                id: h.id,
                at: h.at.getTime(),
                when: formatWhen(h.at),
                who: h.who,
                action: h.action,
                environment: h.environment,
                revision: h.fromRevisionNumber !== null && h.action !== "Undeploy" ? `${h.fromRevisionNumber} → ${h.revisionNumber}` : String(h.revisionNumber),
              }))}
            />
          </SectionCard>
        </Grid>
      </Grid>
    </Stack>
  );
}
