import Typography from "@mui/material/Typography";
import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/auth";
import { DeleteApiButton } from "@/components/delete-api-button";
import { LinkTabs } from "@/components/link-tabs";
import { UndeployedChangesChip } from "@/components/undeployed-changes-chip";
import { ApiHeader } from "@/components/api-header";
import { DuplexError } from "@/lib/errors";
import { hasRole, publisherRoles } from "@/lib/roles";
import { apiForPublisher, deploymentSummaryOf } from "@/app/_server/reads";

/** The API's pages, in tab order; a page of its own is one more entry here. */
const apiTabs = [
  { path: "", label: "Overview" },
  { path: "/info", label: "Basic Info" },
  { path: "/topics", label: "Topics" },
  { path: "/endpoints", label: "Endpoints" },
  { path: "/plans", label: "Business Plans" },
  { path: "/lifecycle", label: "Lifecycle" },
  { path: "/deployments", label: "Deployments" },
  { path: "/versions", label: "Versions" },
  { path: "/asyncapi", label: "AsyncAPI Definition" },
  { path: "/usage", label: "Usage" },
];

export default async function ApiLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Signed out, the page redirects to sign-in with its own address; the layout only stands aside.
  const actor = await sessionActor();
  if (!actor || !hasRole(actor, ...publisherRoles)) return children;
  const api = await apiForPublisher(actor, id).catch((e) => {
    if (e instanceof DuplexError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const base = `/publisher/apis/${api.id}`;
  const { undeployedChanges } = await deploymentSummaryOf(api.id);
  return (
    <>
      <ApiHeader
        listHref="/publisher/apis"
        api={api}
        badges={
          <>
            {api.isDefaultVersion && <Typography variant="body2" color="primary">Default version</Typography>}
            {undeployedChanges.length > 0 && (
              <UndeployedChangesChip href={`${base}/deployments`} environments={undeployedChanges} />
            )}
          </>
        }
        actions={hasRole(actor, "CREATOR") && <DeleteApiButton apiId={api.id} label={`${api.name} ${api.version}`} />}
        subtitle={
          <>
            WebSocket API · <code>{api.context}</code> · by {api.provider.username}
          </>
        }
      />
      <LinkTabs
        label="API pages"
        tabs={apiTabs.map((t) => ({ href: `${base}${t.path}`, label: t.label }))}
      />
      {children}
    </>
  );
}
