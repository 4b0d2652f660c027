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
import { useState, useTransition } from "react";
import { subscribeAction } from "@/app/devportal/apis/[id]/actions";
import type { ActionState } from "@/app/_server/action";

export function SubscribeForm(props: { apiId: string; applications: { id: string; name: string }[]; plans: { name: string; limit: string }[] }) {
  const router = useRouter();
  const [applicationId, setApplicationId] = useState(props.applications[0]?.id ?? "");
  const [planName, setPlanName] = useState(props.plans[0]?.name ?? "");
  const [state, setState] = useState<ActionState>({ ok: false });
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  const errors = state.fieldErrors ?? {};

  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await subscribeAction({ apiId: props.apiId, applicationId, planName });
          setState(result);
          if (result.ok) {
            setDone(true);
            router.refresh();
          }
        });
      }}
    >
      {state.message && !state.ok && !Object.keys(errors).length && <Alert severity="error">{state.message}</Alert>}
      <FormControl error={!!errors.applicationId} fullWidth>
        <InputLabel id="subscribe-application">Application</InputLabel>
        <Select labelId="subscribe-application" label="Application" value={applicationId} onChange={(e) => setApplicationId(e.target.value)}>
          {props.applications.map((a) => (
            <MenuItem key={a.id} value={a.id}>
              {a.name}
            </MenuItem>
          ))}
        </Select>
        {errors.applicationId && <FormHelperText>{errors.applicationId}</FormHelperText>}
      </FormControl>
      <FormControl error={!!errors.planName} fullWidth>
        <InputLabel id="subscribe-plan">Business plan</InputLabel>
        <Select labelId="subscribe-plan" label="Business plan" value={planName} onChange={(e) => setPlanName(e.target.value)}>
          {props.plans.map((p) => (
            <MenuItem key={p.name} value={p.name}>
              {p.name} — {p.limit}
            </MenuItem>
          ))}
        </Select>
        {errors.planName && <FormHelperText>{errors.planName}</FormHelperText>}
      </FormControl>
      <Button type="submit" variant="contained" disabled={pending || !applicationId || !planName}>
        Subscribe
      </Button>
      <Snackbar open={done} autoHideDuration={4000} onClose={() => setDone(false)} message="Subscribed" />
    </Stack>
  );
}
