import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import Breadcrumbs from "@mui/material/Breadcrumbs";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sessionActor } from "@/lib/auth";
import { DeleteApiButton } from "@/components/delete-api-button";
import { LinkTabs } from "@/components/link-tabs";
import { StatusChip } from "@/components/status-chip";
import { getApiForPublisher } from "@/lib/apis";
import { DuplexError } from "@/lib/errors";
import { hasRole, publisherRoles } from "@/lib/roles";

/** The API's pages, in tab order; a page of its own is one more entry here. */
const apiTabs = [
  { path: "", label: "Overview" },
  { path: "/topics", label: "Topics" },
  { path: "/endpoints", label: "Endpoints" },
  { path: "/plans", label: "Business Plans" },
  { path: "/lifecycle", label: "Lifecycle" },
  { path: "/versions", label: "Versions" },
  { path: "/asyncapi", label: "AsyncAPI Definition" },
];

export default async function ApiLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Signed out, the page redirects to sign-in with its own address; the layout only stands aside.
  const actor = await sessionActor();
  if (!actor || !hasRole(actor, ...publisherRoles)) return children;
  const api = await getApiForPublisher(actor, id).catch((e) => {
    if (e instanceof DuplexError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const base = `/publisher/apis/${api.id}`;
  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }}>
        <Link href="/publisher/apis">APIs</Link>
        <Typography color="text.primary">{api.name}</Typography>
      </Breadcrumbs>
      <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
        <Typography variant="h4" component="h1">
          {api.name}
        </Typography>
        <Typography variant="h6" color="text.secondary" component="span">
          {api.version}
        </Typography>
        <StatusChip status={api.status} size="medium" />
        {api.isDefaultVersion && <Typography variant="body2" color="primary">Default version</Typography>}
        {hasRole(actor, "CREATOR") && (
          <Stack sx={{ flex: 1, alignItems: "flex-end" }}>
            <DeleteApiButton apiId={api.id} label={`${api.name} ${api.version}`} />
          </Stack>
        )}
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        WebSocket API · <code>{api.context}</code> · by {api.provider.username}
      </Typography>
      <LinkTabs
        label="API pages"
        tabs={apiTabs.map((t) => ({ href: `${base}${t.path}`, label: t.label }))}
      />
      {children}
    </>
  );
}
