// Every 403: forbidden() from a portal's layout or page when the signed-in user lacks the role.
import { StatusPage } from "@/components/status-page";
import { sessionActor } from "@/app/_server/session";
import { hasRole, publisherRoles } from "@/lib/roles";

export const metadata = { title: "Forbidden" };

export default async function Forbidden() {
  const actor = await sessionActor();
  return <StatusPage kind="forbidden" username={actor?.username ?? null} canPublish={!!actor && hasRole(actor, ...publisherRoles)} />;
}
