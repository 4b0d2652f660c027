"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { changeLifecycleAction } from "./actions";
import { useAction } from "@/components/use-action";
import type { LifecycleAction } from "@/lib/lifecycle";

const destructive: LifecycleAction[] = ["Block", "Deprecate", "Retire", "Demote to Created"];

export function LifecycleActions({ apiId, actions, canChange }: { apiId: string; actions: LifecycleAction[]; canChange: boolean }) {
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  // Which button was pressed, so that only it says it is working.
  const [pressed, setPressed] = useState<LifecycleAction | null>(null);
  const change = useAction(changeLifecycleAction, {
    onSuccess: (_, input) => {
      setDone(`${input.action}: done`);
      router.refresh();
    },
  });

  if (actions.length === 0) return <Typography color="text.secondary">This API is retired: no further changes.</Typography>;
  return (
    <>
      {change.error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {change.error}
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
            disabled={change.pending || !canChange}
            onClick={() => {
              setPressed(action);
              change.run({ apiId, action });
            }}
          >
            {change.pending && pressed === action ? `${action}…` : action}
          </Button>
        ))}
      </Stack>
      <Snackbar open={done !== null} autoHideDuration={4000} onClose={() => setDone(null)} message={done} />
    </>
  );
}
