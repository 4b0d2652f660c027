import { requireActor } from "@/app/_server/session";
import { KeysPanel } from "@/app/devportal/applications/[id]/keys-panel";
import { SectionCard } from "@/components/section-card";
import { config } from "@/lib/config";
import { getKeys } from "@/lib/keys";

export const metadata = { title: "Production Keys" };

export default async function ProductionKeysPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/devportal/applications/${id}/production-keys`);
  const { key } = await getKeys(actor, id, "PRODUCTION");
  return (
    <SectionCard title="Production Keys">
      <KeysPanel applicationId={id} keyType="PRODUCTION" existing={key ? { consumerKey: key.consumerKey, tokenValiditySeconds: key.tokenValiditySeconds } : null} tokenEndpoint={`${config().PORTAL_URL}/oauth2/token`} />
    </SectionCard>
  );
}
