import Alert from "@mui/material/Alert";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { changePasswordPath, signedInUser } from "@/app/_server/session";
import { safeCallbackPath } from "@/lib/callback-path";
import { ChangePasswordForm } from "./change-password-form";

export const metadata = { title: "Change your password" };

export default async function ChangePasswordPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const back = safeCallbackPath(callbackUrl, "/devportal");
  const user = await signedInUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`${changePasswordPath}?callbackUrl=${encodeURIComponent(back)}`)}`);
  return (
    <AuthCard subtitle={`Change the password of ${user.actor.username}`}>
      {user.mustChangePassword && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Your password was set by an admin. Choose your own to continue.
        </Alert>
      )}
      <ChangePasswordForm username={user.actor.username} callbackUrl={back} canCancel={!user.mustChangePassword} />
    </AuthCard>
  );
}
