// Every 404 (an unknown address, or notFound() from a page or layout), in the portal's frame.
import { StatusPage } from "@/components/status-page";
import { sessionActor } from "@/app/_server/session";
import { hasRole, publisherRoles } from "@/lib/roles";

export const metadata = { title: "Not found" };

export default async function NotFound() {
  const actor = await sessionActor();
  return <StatusPage kind="not-found" username={actor?.username ?? null} canPublish={!!actor && hasRole(actor, ...publisherRoles)} />;
}
