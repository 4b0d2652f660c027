import Chip from "@mui/material/Chip";
import Grid from "@mui/material/Grid";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { requireRole } from "@/app/_server/session";
import { CopyField } from "@/components/copy-field";
import { SectionCard } from "@/components/section-card";
import { statusLabel } from "@/components/status-chip";
import { defaultEnvironment } from "@/lib/environments";
import { gatewayUrls } from "@/lib/gateway-urls";
import { describePlanLimit } from "@/lib/plans";
import { publisherRoles } from "@/lib/roles";
import { formatWhen } from "@/components/format";
import { apiForPublisher, deploymentSummaryOf } from "@/app/_server/reads";

export const metadata = { title: "API overview" };

export default async function ApiOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}`, publisherRoles);
  const api = await apiForPublisher(actor, id);
  const deployments = await deploymentSummaryOf(api.id);
  const urls = gatewayUrls(api, deployments.environments.find((e) => e.environment === defaultEnvironment)!.urls);
  const last = api.lifecycle[0];
  const base = `/publisher/apis/${api.id}`;
  const open = (path: string, page: string) => (
    <Link href={`${base}${path}`} aria-label={`Open ${page}`}>
      Open
    </Link>
  );
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 6 }}>
        <SectionCard fill title="Gateway URLs (Production)" action={open("/versions", "Versions")}>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <CopyField label="WebSocket URL (ws)" value={urls.ws} />
            {urls.wss && <CopyField label="WebSocket URL (wss)" value={urls.wss} />}
          </Stack>
          {api.description && <Typography sx={{ mt: 2 }}>{api.description}</Typography>}
        </SectionCard>
      </Grid>
      <Grid size={{ xs: 12, md: 3 }}>
        <SectionCard fill title="Lifecycle" action={open("/lifecycle", "Lifecycle")}>
          <Typography variant="h6">{statusLabel(api.status)}</Typography>
          {last && (
            <Typography variant="body2" color="text.secondary">
              {last.action} by {last.user.username}, {formatWhen(last.createdAt)}
            </Typography>
          )}
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {api._count.subscriptions} subscription{api._count.subscriptions === 1 ? "" : "s"}
          </Typography>
        </SectionCard>
      </Grid>
      <Grid size={{ xs: 12, md: 3 }}>
        <SectionCard fill title="Deployments" action={open("/deployments", "Deployments")}>
          <List dense disablePadding>
            {deployments.environments.map(({ environment, deployment }) => (
              <ListItem key={environment} disableGutters>
                <ListItemText
                  primary={environment}
                  secondary={deployment ? `Revision ${deployment.revisionNumber}${deployment.upToDate ? " · serves the working copy" : ""}` : "Not deployed"}
                />
              </ListItem>
            ))}
          </List>
          {deployments.undeployedChanges.length > 0 && (
            <Chip size="small" color="warning" label="Undeployed changes" sx={{ mt: 1 }} />
          )}
        </SectionCard>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SectionCard fill title="Endpoints" action={open("/endpoints", "Endpoints")}>
          {api.endpoints.length === 0 ? (
            <Typography color="text.secondary">No endpoint yet: the API cannot be published without one.</Typography>
          ) : (
            <List dense disablePadding>
              {api.endpoints.map((e) => (
                <ListItem key={e.id} disableGutters>
                  <ListItemText primary={e.type === "PRODUCTION" ? "Production endpoint" : "Sandbox endpoint"} secondary={<code>{e.url}</code>} />
                </ListItem>
              ))}
            </List>
          )}
        </SectionCard>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SectionCard fill title="Topics" action={open("/topics", "Topics")}>
          <List dense disablePadding>
            {api.topics.map((t) => (
              <ListItem key={t.id} disableGutters>
                <ListItemText
                  primary={<code>{t.name}</code>}
                  secondary={[t.publish && "Publish", t.subscribe && "Subscribe"].filter(Boolean).join(" · ") + (t.urlMapping ? ` → ${t.urlMapping}` : "")}
                />
              </ListItem>
            ))}
          </List>
        </SectionCard>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SectionCard fill title="Business plans" action={open("/plans", "Business Plans")}>
          {api.plans.length === 0 ? (
            <Typography color="text.secondary">No plans yet: the API cannot be published without one.</Typography>
          ) : (
            <Stack spacing={1} sx={{ mt: 1 }}>
              {api.plans.map(({ plan }) => (
                <Stack key={plan.id} direction="row" spacing={1} sx={{ alignItems: "center" }}>
                  <Chip label={plan.name} size="small" color="primary" variant="outlined" />
                  <Typography variant="body2" color="text.secondary">
                    {describePlanLimit(plan)}
                  </Typography>
                </Stack>
              ))}
            </Stack>
          )}
        </SectionCard>
      </Grid>
    </Grid>
  );
}
