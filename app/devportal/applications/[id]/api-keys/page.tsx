import { requireActor } from "@/app/_server/session";
import { SectionCard } from "@/components/section-card";
import { listApiKeys } from "@/lib/api-keys";
import { ApiKeysList } from "./api-keys-list";

export const metadata = { title: "API Keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/devportal/applications/${id}/api-keys`);
  const keys = await listApiKeys(actor, id);
  const now = Date.now();
  return (
    <SectionCard title="API Keys">
      <ApiKeysList
        applicationId={id}
        keys={keys.map((k) => ({
          id: k.id,
          name: k.name,
          keyType: k.keyType,
          prefix: k.prefix,
          createdAt: k.createdAt.toISOString(),
          expiresAt: k.expiresAt?.toISOString() ?? null,
          restrictions: [...k.allowedIps, ...k.allowedOrigins].join(", "),
          state: k.revokedAt ? "Revoked" : k.expiresAt && k.expiresAt.getTime() <= now ? "Expired" : "Active",
        }))}
      />
    </SectionCard>
  );
}
