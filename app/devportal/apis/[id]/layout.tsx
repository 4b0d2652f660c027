import Alert from "@mui/material/Alert";
import Breadcrumbs from "@mui/material/Breadcrumbs";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LinkTabs } from "@/components/link-tabs";
import { StatusChip } from "@/components/status-chip";
import { getPortalApi } from "@/lib/apis";
import { DuplexError } from "@/lib/errors";

export default async function PortalApiLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await getPortalApi(id).catch((e) => {
    if (e instanceof DuplexError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const base = `/devportal/apis/${api.id}`;
  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }}>
        <Link href="/devportal/apis">APIs</Link>
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
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        WebSocket API by {api.provider.username}
      </Typography>
      {api.status === "BLOCKED" && (
        <Alert severity="error" sx={{ mb: 2 }}>
          This API is blocked by its publisher: the gateway refuses connections to it for now.
        </Alert>
      )}
      {api.status === "DEPRECATED" && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          This API is deprecated: existing subscriptions keep working, but it takes no new ones.
        </Alert>
      )}
      <LinkTabs
        label="API pages"
        tabs={[
          { href: base, label: "Overview" },
          { href: `${base}/documentation`, label: "Documentation" },
          { href: `${base}/try-it`, label: "Try it" },
        ]}
      />
      {children}
    </>
  );
}
