"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeLifecycleAction } from "@/app/publisher/apis/[id]/lifecycle/actions";
import type { LifecycleAction } from "@/lib/lifecycle";

const destructive: LifecycleAction[] = ["Block", "Deprecate", "Retire", "Demote to Created"];

export function LifecycleActions({ apiId, actions, canChange }: { apiId: string; actions: LifecycleAction[]; canChange: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (actions.length === 0) return <Typography color="text.secondary">This API is retired: no further changes.</Typography>;
  return (
    <>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      {!canChange && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Changing the lifecycle needs the publisher role.
        </Alert>
      )}
      <Stack direction="row" spacing={1} sx={{ flexWrap: "wrap" }}>
        {actions.map((action) => (
          <Button
            key={action}
            variant={destructive.includes(action) ? "outlined" : "contained"}
            color={destructive.includes(action) ? "warning" : "primary"}
            disabled={pending || !canChange}
            onClick={() =>
              startTransition(async () => {
                const result = await changeLifecycleAction({ apiId, action });
                if (result.ok) {
                  setError(null);
                  setDone(`${action}: done`);
                  router.refresh();
                } else setError(result.message ?? "The lifecycle could not be changed.");
              })
            }
          >
            {action}
          </Button>
        ))}
      </Stack>
      <Snackbar open={done !== null} autoHideDuration={4000} onClose={() => setDone(null)} message={done} />
    </>
  );
}
