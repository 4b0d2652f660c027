import { requireActor } from "@/app/_server/session";
import { KeysPanel } from "@/app/devportal/applications/[id]/keys-panel";
import { SectionCard } from "@/components/section-card";
import { config } from "@/lib/config";
import { getKeys } from "@/lib/keys";

export const metadata = { title: "Sandbox Keys" };

export default async function SandboxKeysPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/devportal/applications/${id}/sandbox-keys`);
  const { key } = await getKeys(actor, id, "SANDBOX");
  return (
    <SectionCard title="Sandbox Keys">
      <KeysPanel applicationId={id} keyType="SANDBOX" existing={key ? { consumerKey: key.consumerKey, tokenValiditySeconds: key.tokenValiditySeconds } : null} tokenEndpoint={`${config().PORTAL_URL}/oauth2/token`} />
    </SectionCard>
  );
}
