import { DevportalShell } from "@/components/devportal-shell";
import { defaultPasswordBanner } from "@/app/_server/default-password-banner";
import { layoutActor } from "@/app/_server/session";
import { hasRole, publisherRoles } from "@/lib/roles";

export const metadata = { title: { default: "Developer Portal", template: "%s · Developer Portal · Duplex" } };

// The catalogue is open to everyone; applications and keys need a sign-in (checked per page).
export default async function DevportalLayout({ children }: { children: React.ReactNode }) {
  const actor = await layoutActor();
  return (
    <DevportalShell username={actor?.username ?? null} canPublish={!!actor && hasRole(actor, ...publisherRoles)} isAdmin={!!actor?.roles.includes("ADMIN")} banner={await defaultPasswordBanner(actor)}>
      {children}
    </DevportalShell>
  );
}
