import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Grid from "@mui/material/Grid";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyField } from "@/components/copy-field";
import { SectionCard } from "@/components/section-card";
import { SubscribeForm } from "./subscribe-form";
import { listApplications } from "@/lib/applications";
import { sessionActor } from "@/app/_server/session";
import { DuplexError } from "@/lib/errors";
import { apiRuntime } from "@/lib/api-runtime";
import { gatewayUrls } from "@/lib/gateway-urls";
import { describePlanLimit } from "@/lib/plans";
import { subscriptionState } from "@/lib/subscription-state";
import { subscriptionsToApi } from "@/lib/subscriptions";
import { portalApi } from "@/app/_server/reads";

export const metadata = { title: "API" };

export default async function PortalApiPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await portalApi(id).catch((e) => {
    if (e instanceof DuplexError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const actor = await sessionActor();
  const subscriptions = actor ? await subscriptionsToApi(actor, api.id) : [];
  const applications = actor ? (await listApplications(actor)).filter((a) => !subscriptions.some((s) => s.applicationId === a.id)) : [];
  const hasSandbox = api.endpoints.some((e) => e.type === "SANDBOX");
  const { authentication } = apiRuntime(api.runtime);
  const takesSubscriptions = api.status === "PUBLISHED" || api.status === "PROTOTYPED";

  return (
    <>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 8 }}>
          <Stack spacing={2}>
            <SectionCard title="Overview">
              {api.description && <Typography sx={{ mb: 2 }}>{api.description}</Typography>}
              <Stack spacing={2} sx={{ mt: 1 }}>
                {api.environments.map((environment) => {
                  const urls = gatewayUrls(api, environment);
                  // Production is where subscribers connect; another environment says its name.
                  const where = environment.name === "Production" ? "" : ` — ${environment.displayName}`;
                  return (
                    <Stack key={environment.name} spacing={2}>
                      <CopyField label={`Gateway URL (ws)${where}`} value={urls.ws} />
                      {urls.wss && <CopyField label={`Gateway URL (wss)${where}`} value={urls.wss} />}
                    </Stack>
                  );
                })}
              </Stack>
              <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }} data-testid="api-security">
                {authentication !== "apiKey" && (
                  <>
                    Connect with an access token in the <code>Authorization: Bearer</code> header, or as the <code>access_token</code> query parameter where a client cannot set headers.{" "}
                  </>
                )}
                {authentication !== "oauth2" && (
                  <>
                    {authentication === "both" ? "Or connect" : "Connect"} with an API key (your application&apos;s API Keys tab) in the <code>apikey</code> header or query parameter.
                  </>
                )}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="key-types">
                {hasSandbox
                  ? "Production and sandbox share these URLs: a token from an application's Production Keys reaches the production backend, one from its Sandbox Keys the sandbox backend."
                  : "This API has a production backend only: use a token from an application's Production Keys."}
              </Typography>
              {api.tags.length > 0 && (
                <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 2, flexWrap: "wrap" }} aria-label="Tags">
                  {api.tags.map((t) => (
                    <Chip key={t} component="a" href={`/devportal/apis?tag=${encodeURIComponent(t)}`} clickable size="small" variant="outlined" label={`#${t}`} />
                  ))}
                </Stack>
              )}
            </SectionCard>
            <SectionCard title="Topics">
              <List dense disablePadding>
                {api.topics.map((t) => (
                  <ListItem key={t.name} disableGutters>
                    <ListItemText primary={<code>{t.name}</code>} secondary={[t.publish && "Publish", t.subscribe && "Subscribe"].filter(Boolean).join(" · ") + (t.description ? ` — ${t.description}` : "")} />
                  </ListItem>
                ))}
              </List>
            </SectionCard>
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Stack spacing={2}>
            <SectionCard title="Business plans">
              <List dense disablePadding>
                {api.plans.map(({ plan }) => (
                  <ListItem key={plan.id} disableGutters>
                    <ListItemText primary={plan.name} secondary={describePlanLimit(plan)} />
                  </ListItem>
                ))}
              </List>
            </SectionCard>
            <SectionCard title="Subscriptions">
              {subscriptions.length > 0 && (
                <List dense disablePadding sx={{ mb: 2 }} aria-label="Your subscriptions">
                  {subscriptions.map((s) => {
                    const state = subscriptionState(s.status, s.workflowTasks[0]);
                    return (
                      <ListItem key={s.id} disableGutters>
                        <ListItemText
                          primary={<Link href={`/devportal/applications/${s.applicationId}`}>{s.application.name}</Link>}
                          secondary={[`${s.plan.name} · ${state.label}`, state.note].filter(Boolean).join(" — ")}
                        />
                      </ListItem>
                    );
                  })}
                </List>
              )}
              {!actor ? (
                <Button variant="contained" fullWidth href={`/login?callbackUrl=/devportal/apis/${api.id}`}>
                  Sign in to subscribe
                </Button>
              ) : !takesSubscriptions ? (
                <Typography color="text.secondary">This API takes no new subscriptions.</Typography>
              ) : applications.length === 0 ? (
                <Typography color="text.secondary">All your applications are subscribed to this API.</Typography>
              ) : (
                <SubscribeForm
                  apiId={api.id}
                  applications={applications.map((a) => ({ id: a.id, name: a.name }))}
                  plans={api.plans.map(({ plan }) => ({ name: plan.name, limit: describePlanLimit(plan) }))}
                />
              )}
            </SectionCard>
          </Stack>
        </Grid>
      </Grid>
    </>
  );
}
