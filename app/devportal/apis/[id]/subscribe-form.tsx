"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import FormControl from "@mui/material/FormControl";
import FormHelperText from "@mui/material/FormHelperText";
import InputLabel from "@mui/material/InputLabel";
import MenuItem from "@mui/material/MenuItem";
import Select from "@mui/material/Select";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { subscribeAction } from "./actions";
import { useAction } from "@/components/use-action";

export function SubscribeForm(props: { apiId: string; applications: { id: string; name: string }[]; plans: { name: string; limit: string }[] }) {
  const router = useRouter();
  const [applicationId, setApplicationId] = useState(props.applications[0]?.id ?? "");
  const [planName, setPlanName] = useState(props.plans[0]?.name ?? "");
  const [done, setDone] = useState<string | null>(null);
  const subscribe = useAction(subscribeAction, {
    onSuccess: ({ waitsForApproval }) => {
      setDone(waitsForApproval ? "Subscribed: waiting for an admin's approval" : "Subscribed");
      router.refresh();
    },
  });
  const applicationError = subscribe.fieldError("applicationId");
  const planError = subscribe.fieldError("planName");

  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={(e) => {
        e.preventDefault();
        subscribe.run({ apiId: props.apiId, applicationId, planName });
      }}
    >
      {subscribe.error && !applicationError && !planError && <Alert severity="error">{subscribe.error}</Alert>}
      <FormControl error={!!applicationError} fullWidth>
        <InputLabel id="subscribe-application">Application</InputLabel>
        <Select labelId="subscribe-application" label="Application" value={applicationId} onChange={(e) => setApplicationId(e.target.value)}>
          {props.applications.map((a) => (
            <MenuItem key={a.id} value={a.id}>
              {a.name}
            </MenuItem>
          ))}
        </Select>
        {applicationError && <FormHelperText>{applicationError}</FormHelperText>}
      </FormControl>
      <FormControl error={!!planError} fullWidth>
        <InputLabel id="subscribe-plan">Business plan</InputLabel>
        <Select labelId="subscribe-plan" label="Business plan" value={planName} onChange={(e) => setPlanName(e.target.value)}>
          {props.plans.map((p) => (
            <MenuItem key={p.name} value={p.name}>
              {p.name} — {p.limit}
            </MenuItem>
          ))}
        </Select>
        {planError && <FormHelperText>{planError}</FormHelperText>}
      </FormControl>
      <Button type="submit" variant="contained" disabled={!applicationId || !planName} loading={subscribe.pending} loadingPosition="start">
        {subscribe.pending ? "Subscribing…" : "Subscribe"}
      </Button>
      <Snackbar open={done !== null} autoHideDuration={4000} onClose={() => setDone(null)} message={done} />
    </Stack>
  );
}
