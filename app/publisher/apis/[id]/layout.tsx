import Typography from "@mui/material/Typography";
import { notFound } from "next/navigation";
import { sessionActor } from "@/app/_server/session";
import { DeleteApiButton } from "./delete-api-button";
import { UndeployedChangesChip } from "./undeployed-changes-chip";
import { ApiHeader } from "@/components/api-header";
import { DuplexError } from "@/lib/errors";
import { hasRole, publisherRoles } from "@/lib/roles";
import { apiForPublisher, deploymentSummaryOf } from "@/app/_server/reads";
import { ApiNav } from "./api-nav";

/** The API's pages, grouped; a page of its own is one more entry here. */
const apiPages = [
  {
    label: "Develop",
    pages: [
      { path: "", label: "Overview" },
      { path: "/info", label: "Basic Info" },
      { path: "/topics", label: "Topics" },
      { path: "/endpoints", label: "Endpoints" },
      { path: "/runtime", label: "Runtime" },
      { path: "/asyncapi", label: "AsyncAPI Definition" },
    ],
  },
  {
    label: "Deploy",
    pages: [
      { path: "/deployments", label: "Deployments" },
      { path: "/lifecycle", label: "Lifecycle" },
      { path: "/versions", label: "Versions" },
    ],
  },
  {
    label: "Manage",
    pages: [
      { path: "/plans", label: "Business Plans" },
      { path: "/subscriptions", label: "Subscriptions" },
    ],
  },
  { label: "Analytics", pages: [{ path: "/usage", label: "Usage" }] },
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
      <ApiNav groups={apiPages.map((g) => ({ label: g.label, pages: g.pages.map((p) => ({ href: `${base}${p.path}`, label: p.label })) }))}>{children}</ApiNav>
    </>
  );
}
