import Breadcrumbs from "@mui/material/Breadcrumbs";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { ApplicationDialog } from "@/app/devportal/applications/application-dialog";
import { DeleteApplicationButton } from "./delete-application-button";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sessionActor } from "@/app/_server/session";
import { LinkTabs } from "@/components/link-tabs";
import { getApplication } from "@/lib/applications";
import { DuplexError } from "@/lib/errors";

export default async function ApplicationLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Signed out, the page redirects to sign-in with its own address; the layout only stands aside.
  const actor = await sessionActor();
  if (!actor) return children;
  const app = await getApplication(actor, id).catch((e) => {
    if (e instanceof DuplexError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const base = `/devportal/applications/${app.id}`;
  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }}>
        <Link href="/devportal/applications">Applications</Link>
        <Typography color="text.primary">{app.name}</Typography>
      </Breadcrumbs>
      <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          {app.name}
        </Typography>
        <ApplicationDialog buttonLabel="Edit" variant="outlined" application={{ id: app.id, name: app.name, description: app.description }} />
        <DeleteApplicationButton id={app.id} name={app.name} />
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {app.description || "An application"}
      </Typography>
      <LinkTabs
        label="Application pages"
        tabs={[
          { href: base, label: "Overview" },
          { href: `${base}/production-keys`, label: "Production Keys" },
          { href: `${base}/sandbox-keys`, label: "Sandbox Keys" },
          { href: `${base}/api-keys`, label: "API Keys" },
        ]}
      />
      {children}
    </>
  );
}
