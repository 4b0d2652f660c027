import { forbidden } from "next/navigation";
import { PublisherShell } from "@/components/publisher-shell";
import { defaultPasswordBanner } from "@/app/_server/default-password-banner";
import { layoutActor } from "@/app/_server/session";
import { hasRole, publisherRoles } from "@/lib/roles";

export const metadata = { title: { default: "Publisher", template: "%s · Publisher · Duplex" } };

// Signed out, the page itself sends the user to sign in with its own address to come back to
// (a layout does not know which page it wraps). Signed in without a role: the 403 page.
export default async function PublisherLayout({ children }: { children: React.ReactNode }) {
  const actor = await layoutActor();
  if (!actor) return <PublisherShell username={null}>{children}</PublisherShell>;
  if (!hasRole(actor, ...publisherRoles)) forbidden();
  return (
    <PublisherShell username={actor.username} isAdmin={actor.roles.includes("ADMIN")} banner={await defaultPasswordBanner(actor)}>
      {children}
    </PublisherShell>
  );
}
