import Typography from "@mui/material/Typography";
import { headers } from "next/headers";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { SignInForm } from "@/components/sign-in-form";
import { disabledAccountMessage, wrongCredentialsMessage } from "@/lib/sign-in-messages";
import { lockedOutError, signInLockoutMessage } from "@/lib/sign-in-limits";

export const metadata = { title: "Sign in" };

/** Only what we said ourselves: `error` is in the address, where anyone can write anything. */
function refusalMessage(error: string | undefined): string | null {
  if (!error) return null;
  if (error === lockedOutError) return signInLockoutMessage();
  if (error === disabledAccountMessage) return disabledAccountMessage;
  if (error === "CredentialsSignin") return wrongCredentialsMessage;
  return "The sign-in did not go through. Try again.";
}

/**
 * The path to come back to. next-auth sends a failed scriptless attempt back here with the
 * callbackUrl made absolute; only this host's own addresses are kept (the form drops the rest).
 */
function ownPath(callbackUrl: string | undefined, host: string | null): string | undefined {
  if (!callbackUrl || callbackUrl.startsWith("/")) return callbackUrl;
  try {
    const url = new URL(callbackUrl);
    return url.host === host ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const request = await headers();
  const csrfToken = request.get("x-sign-in-csrf");
  return (
    <AuthCard subtitle="Sign in to the Publisher and the Developer Portal">
      <SignInForm callbackUrl={ownPath(callbackUrl, request.get("host"))} csrfToken={csrfToken} lockoutMessage={signInLockoutMessage()} error={refusalMessage(error)} />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
        New here? <Link href="/signup">Sign up</Link> to subscribe to APIs.
      </Typography>
    </AuthCard>
  );
}
