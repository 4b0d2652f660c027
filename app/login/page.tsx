import Typography from "@mui/material/Typography";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { SignInForm } from "@/components/sign-in-form";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <AuthCard subtitle="Sign in to the Publisher and the Developer Portal">
      <SignInForm callbackUrl={callbackUrl} />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
        New here? <Link href="/signup">Sign up</Link> to subscribe to APIs.
      </Typography>
    </AuthCard>
  );
}
