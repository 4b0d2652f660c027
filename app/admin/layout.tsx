import { forbidden } from "next/navigation";
import { AdminShell } from "@/components/admin-shell";
import { defaultPasswordBanner } from "@/app/_server/default-password-banner";
import { layoutActor } from "@/app/_server/session";

export const metadata = { title: { default: "Admin", template: "%s · Admin · Duplex" } };

// As the Publisher's layout: signed out, each page sends the user to sign in with its own address
// to come back to (a layout does not know which page it wraps); signed in without the admin role, 403.
// Every page also calls requireRole, and every action and lib function checks again.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await layoutActor();
  if (!actor) return <AdminShell username={null}>{children}</AdminShell>;
  if (!actor.roles.includes("ADMIN")) forbidden();
  return (
    <AdminShell username={actor.username} banner={await defaultPasswordBanner(actor)}>
      {children}
    </AdminShell>
  );
}
