import Alert from "@mui/material/Alert";
import { notFound } from "next/navigation";
import { LinkTabs } from "@/components/link-tabs";
import { ApiHeader } from "@/components/api-header";
import { DuplexError } from "@/lib/errors";
import { portalApi } from "@/app/_server/reads";

export default async function PortalApiLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await portalApi(id).catch((e) => {
    if (e instanceof DuplexError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const base = `/devportal/apis/${api.id}`;
  return (
    <>
      <ApiHeader listHref="/devportal/apis" api={api} subtitle={`WebSocket API by ${api.provider.username}`} />
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
