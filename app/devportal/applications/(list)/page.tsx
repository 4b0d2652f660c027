import AppsIcon from "@mui/icons-material/Apps";
import CardContent from "@mui/material/CardContent";
import Grid from "@mui/material/Grid";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { ApplicationDialog } from "@/app/devportal/applications/application-dialog";
import { CardLink } from "@/components/card-link";
import { requireActor } from "@/app/_server/session";
import { EmptyState } from "@/components/empty-state";
import { listApplications } from "@/lib/applications";

export const metadata = { title: "Applications" };

export default async function ApplicationsPage() {
  const actor = await requireActor("/devportal/applications");
  const applications = await listApplications(actor);
  return (
    <>
      <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center", mb: 3 }}>
        <div>
          <Typography variant="h4" component="h1">
            Applications
          </Typography>
          <Typography color="text.secondary">An application subscribes to APIs and holds the keys its clients use.</Typography>
        </div>
        <ApplicationDialog buttonLabel="Add new application" />
      </Stack>
      {applications.length === 0 ? (
        <EmptyState icon={<AppsIcon />} title="No applications" text="Your DefaultApplication appears here after you sign in." />
      ) : (
        <Grid container spacing={2}>
          {applications.map((app) => (
            <Grid key={app.id} size={{ xs: 12, sm: 6, lg: 4 }}>
              <CardLink href={`/devportal/applications/${app.id}`}>
                  <CardContent>
                    <Typography variant="h6" component="h2">
                      {app.name}
                    </Typography>
                    {app.description && (
                      <Typography variant="body2" color="text.secondary" noWrap>
                        {app.description}
                      </Typography>
                    )}
                    <Typography variant="body2" color="text.secondary">
                      {app._count.subscriptions} subscription{app._count.subscriptions === 1 ? "" : "s"}
                    </Typography>
                  </CardContent>
              </CardLink>
            </Grid>
          ))}
        </Grid>
      )}
    </>
  );
}
