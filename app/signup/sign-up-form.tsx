"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAction } from "@/components/use-action";
import { signUpAction } from "./actions";

export function SignUpForm() {
  const router = useRouter();
  const [values, setValues] = useState({ username: "", email: "", password: "", confirmPassword: "" });
  const signUp = useAction(signUpAction, {
    // Signed up, signed in: the new account's first page is its applications.
    onSuccess: async (_data, input) => {
      await signIn("credentials", { username: input.username, password: input.password, redirect: false });
      router.push("/devportal/applications");
      router.refresh();
    },
  });
  const field = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
    error: !!signUp.fieldError(name),
    helperText: signUp.fieldError(name),
  });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        signUp.run(values);
      }}
    >
      <Stack spacing={2}>
        {signUp.error && !signUp.state.fieldErrors && <Alert severity="error">{signUp.error}</Alert>}
        <TextField label="Username" autoComplete="username" required {...field("username")} />
        <TextField label="Email" type="email" autoComplete="email" {...field("email")} />
        <TextField label="Password" type="password" autoComplete="new-password" required {...field("password")} helperText={signUp.fieldError("password") ?? "At least 10 characters, not easy to guess, and not containing your username."} />
        <TextField label="Confirm password" type="password" autoComplete="new-password" required {...field("confirmPassword")} />
        <Button type="submit" variant="contained" size="large" disabled={signUp.pending}>
          {signUp.pending ? "Signing up…" : "Sign up"}
        </Button>
        <Typography variant="body2" color="text.secondary">
          Already have an account? <Link href="/login">Sign in</Link>
        </Typography>
      </Stack>
    </form>
  );
}
