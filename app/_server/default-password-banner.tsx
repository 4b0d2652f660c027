// The banner every admin sees on every portal page while admin/admin still works (lib/users.ts).
import { DefaultPasswordBanner } from "@/components/default-password-banner";
import type { Actor } from "@/lib/roles";
import { defaultPasswordAccount } from "@/lib/users";

export async function defaultPasswordBanner(actor: Actor | null): Promise<React.ReactNode> {
  const account = actor ? await defaultPasswordAccount(actor) : null;
  return account ? <DefaultPasswordBanner account={account} /> : null;
}
