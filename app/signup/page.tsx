import { AuthCard } from "@/components/auth-card";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Sign up" };

export default function SignUpPage() {
  return (
    <AuthCard subtitle="Create an account to subscribe to APIs in the Developer Portal">
      <SignUpForm />
    </AuthCard>
  );
}
