"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { signUpAction } from "@/app/signup/actions";
import type { ActionState } from "@/app/_server/action";

export function SignUpForm() {
  const router = useRouter();
  const [values, setValues] = useState({ username: "", email: "", password: "", confirmPassword: "" });
  const [state, setState] = useState<ActionState>({ ok: false });
  const [pending, startTransition] = useTransition();
  const errors = state.fieldErrors ?? {};
  const field = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
    error: !!errors[name],
    helperText: errors[name],
  });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await signUpAction(values);
          setState(result);
          if (!result.ok) return;
          await signIn("credentials", { username: values.username, password: values.password, redirect: false });
          router.push("/devportal/applications");
          router.refresh();
        });
      }}
    >
      <Stack spacing={2}>
        {state.message && !state.ok && !Object.keys(errors).length && <Alert severity="error">{state.message}</Alert>}
        <TextField label="Username" autoComplete="username" required {...field("username")} />
        <TextField label="Email" type="email" autoComplete="email" {...field("email")} />
        <TextField label="Password" type="password" autoComplete="new-password" required {...field("password")} helperText={errors.password ?? "At least 8 characters."} />
        <TextField label="Confirm password" type="password" autoComplete="new-password" required {...field("confirmPassword")} />
        <Button type="submit" variant="contained" size="large" disabled={pending}>
          Sign up
        </Button>
        <Typography variant="body2" color="text.secondary">
          Already have an account? <Link href="/login">Sign in</Link>
        </Typography>
      </Stack>
    </form>
  );
}
