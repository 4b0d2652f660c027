"use client";
import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import Select from "@mui/material/Select";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { changePlanAction, unsubscribeAction } from "@/app/devportal/applications/actions";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useAction } from "@/components/use-action";

/** The plan of one subscription, changeable in place, and Unsubscribe. */
export function SubscriptionActions(props: { subscriptionId: string; apiName: string; planName: string; plans: string[] }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const changePlan = useAction(changePlanAction, { onSuccess: () => router.refresh() });
  const unsubscribe = useAction(unsubscribeAction, {
    onSuccess: () => {
      setConfirming(false);
      router.refresh();
    },
  });

  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
      <Select
        size="small"
        value={props.planName}
        disabled={changePlan.pending || unsubscribe.pending}
        inputProps={{ "aria-label": `Business plan of ${props.apiName}` }}
        onChange={(e) => changePlan.run({ subscriptionId: props.subscriptionId, planName: e.target.value })}
      >
        {props.plans.map((p) => (
          <MenuItem key={p} value={p}>
            {p}
          </MenuItem>
        ))}
      </Select>
      {changePlan.error && (
        <Typography variant="caption" color="error" role="alert">
          {changePlan.error}
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
        pending={unsubscribe.pending}
        error={unsubscribe.error}
        onClose={() => {
          setConfirming(false);
          unsubscribe.reset();
        }}
        onConfirm={() => unsubscribe.run({ subscriptionId: props.subscriptionId })}
      />
    </Stack>
  );
}
