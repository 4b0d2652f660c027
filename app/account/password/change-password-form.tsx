"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAction } from "@/components/use-action";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm(props: { username: string; callbackUrl: string; canCancel: boolean }) {
  const router = useRouter();
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", confirmPassword: "" });
  const [signInAgain, setSignInAgain] = useState(false);
  const change = useAction(changePasswordAction, {
    // The change ended every session, this one too: sign in again with the new password, in place.
    onSuccess: async (_data, input) => {
      const result = await signIn("credentials", { username: props.username, password: input.newPassword, redirect: false });
      if (!result?.ok) return setSignInAgain(true);
      router.push(props.callbackUrl);
      router.refresh();
    },
  });
  const field = (name: keyof typeof values) => ({
    name,
    type: "password",
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
    error: !!change.fieldError(name),
    helperText: change.fieldError(name),
  });

  if (signInAgain) {
    return (
      <Alert severity="success">
        Your password is changed. <Link href={`/login?callbackUrl=${encodeURIComponent(props.callbackUrl)}`}>Sign in</Link> with the new one.
      </Alert>
    );
  }
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        change.run(values);
      }}
    >
      <Stack spacing={2}>
        {change.error && !change.state.fieldErrors && <Alert severity="error">{change.error}</Alert>}
        {/* For password managers: whose password this is. */}
        <input type="text" name="username" autoComplete="username" value={props.username} readOnly hidden />
        <TextField label="Current password" autoComplete="current-password" required {...field("currentPassword")} />
        <TextField
          label="New password"
          autoComplete="new-password"
          required
          {...field("newPassword")}
          helperText={change.fieldError("newPassword") ?? "At least 10 characters, not easy to guess, and not containing your username."}
        />
        <TextField label="Confirm new password" autoComplete="new-password" required {...field("confirmPassword")} />
        <Button type="submit" variant="contained" size="large" disabled={change.pending} startIcon={change.pending ? <CircularProgress size={18} color="inherit" /> : undefined}>
          {change.pending ? "Changing…" : "Change password"}
        </Button>
        {props.canCancel && (
          <Button component={Link} href={props.callbackUrl}>
            Cancel
          </Button>
        )}
      </Stack>
    </form>
  );
}
