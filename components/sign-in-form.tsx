"use client";
// A plain form post to next-auth's credentials callback, so that signing in works before the
// page's script has loaded (and without it): the CSRF token comes from proxy.ts. Once the
// script runs, it takes the submit over to show the answer in place.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { safeCallbackPath } from "@/lib/callback-path";
import { wrongCredentialsMessage } from "@/lib/sign-in-messages";


/** `error`: what the last (scriptless) attempt was refused with; `lockoutMessage`: what a 429 shows. */
export function SignInForm(props: { callbackUrl?: string; csrfToken: string | null; lockoutMessage: string; error: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(props.error);
  const [pending, setPending] = useState(false);
  // Only same-site paths: a callbackUrl must not send a user to another site after sign-in.
  const callbackUrl = safeCallbackPath(props.callbackUrl, "/devportal");

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { username: form.get("username"), password: form.get("password"), redirect: false });
    if (result?.status === 429) setError(props.lockoutMessage);
    else if (!result || result.error) setError(result?.error && result.error !== "CredentialsSignin" ? result.error : wrongCredentialsMessage);
    else {
      router.push(callbackUrl);
      router.refresh();
      return; // Pending until the next page is there.
    }
    setPending(false);
  }

  return (
    <form method="post" action="/api/auth/callback/credentials" onSubmit={submit}>
      {props.csrfToken && <input type="hidden" name="csrfToken" value={props.csrfToken} />}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Stack spacing={2}>
        {error && <Alert severity="error">{error}</Alert>}
        <TextField label="Username" name="username" autoComplete="username" autoFocus required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" variant="contained" size="large" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </Stack>
    </form>
  );
}
