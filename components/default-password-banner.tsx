"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Link from "next/link";

/** Shown to every admin while the seeded account still signs in with admin/admin. */
export function DefaultPasswordBanner({ account }: { account: { username: string; isYou: boolean } }) {
  return (
    <Alert
      severity="warning"
      sx={{ mb: 3 }}
      action={
        account.isYou ? (
          <Button component={Link} href="/account/password" color="inherit" size="small">
            Change password
          </Button>
        ) : (
          <Button component={Link} href="/admin/users" color="inherit" size="small">
            Users
          </Button>
        )
      }
    >
      {account.isYou
        ? `Your account ${account.username} still has the default password. Anyone who knows it can run this platform: change it now.`
        : `The account ${account.username} still has the default password. Reset its password in Admin → Users, or ask its owner to change it.`}
    </Alert>
  );
}
