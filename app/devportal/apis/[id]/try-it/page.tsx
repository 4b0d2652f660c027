import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import { TryItConsole } from "./try-it-console";
import { sessionActor } from "@/app/_server/session";
import { apiRuntime } from "@/lib/api-runtime";
import { gatewayUrls } from "@/lib/gateway-urls";
import { subscriptionsToApi } from "@/lib/subscriptions";
import { portalApi } from "@/app/_server/reads";

export const metadata = { title: "Try it" };

export default async function TryItPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await portalApi(id);
  const actor = await sessionActor();
  if (!actor) {
    return (
      <Alert severity="info" action={<Button href={`/login?callbackUrl=/devportal/apis/${id}/try-it`}>Sign in</Button>}>
        Sign in to try this API with one of your applications.
      </Alert>
    );
  }
  const subscriptions = await subscriptionsToApi(actor, api.id);
  return (
    <TryItConsole
      apiId={api.id}
      gatewayUrl={gatewayUrls(api, api.environments[0]).ws}
      topics={api.topics.map((t) => t.name)}
      authentication={apiRuntime(api.runtime).authentication}
      applications={subscriptions.map((s) => ({
        id: s.applicationId,
        name: s.application.name,
        keyTypes: s.application.keys.map((k) => k.keyType),
      }))}
    />
  );
}
