import { requireRole } from "@/app/_server/session";
import { Forbidden } from "@/components/forbidden";
import { PublisherShell } from "@/components/publisher-shell";
import { publisherRoles } from "@/lib/roles";
import { sessionActor } from "@/lib/auth";

export const metadata = { title: { default: "Publisher", template: "%s · Publisher · Duplex" } };

export default async function PublisherLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireRole("/publisher", publisherRoles);
  if (!actor) {
    const signedIn = await sessionActor();
    return (
      <PublisherShell username={signedIn?.username ?? null}>
        <Forbidden what="Publisher" />
      </PublisherShell>
    );
  }
  return <PublisherShell username={actor.username}>{children}</PublisherShell>;
}
