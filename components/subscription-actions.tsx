"use client";
import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import Select from "@mui/material/Select";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changePlanAction, unsubscribeAction } from "@/app/devportal/applications/actions";
import { ConfirmDialog } from "./confirm-dialog";

/** The plan of one subscription, changeable in place, and Unsubscribe. */
export function SubscriptionActions(props: { subscriptionId: string; apiName: string; planName: string; plans: string[] }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      const result = await action();
      if (result.ok) {
        setError(null);
        setConfirming(false);
        router.refresh();
      } else setError(result.message ?? "That did not work.");
    });

  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
      <Select
        size="small"
        value={props.planName}
        disabled={pending}
        inputProps={{ "aria-label": `Business plan of ${props.apiName}` }}
        onChange={(e) => run(() => changePlanAction({ subscriptionId: props.subscriptionId, planName: e.target.value }))}
      >
        {props.plans.map((p) => (
          <MenuItem key={p} value={p}>
            {p}
          </MenuItem>
        ))}
      </Select>
      {error && !confirming && (
        <Typography variant="caption" color="error" role="alert">
          {error}
        </Typography>
      )}
      <Button size="small" color="error" onClick={() => setConfirming(true)}>
        Unsubscribe
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Unsubscribe from ${props.apiName}?`}
        text="Clients of this application lose access to the API at once."
        confirmLabel="Unsubscribe"
        pending={pending}
        error={error}
        onClose={() => setConfirming(false)}
        onConfirm={() => run(() => unsubscribeAction({ subscriptionId: props.subscriptionId }))}
      />
    </Stack>
  );
}
