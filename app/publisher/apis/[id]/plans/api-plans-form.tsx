"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardActionArea from "@mui/material/CardActionArea";
import CardContent from "@mui/material/CardContent";
import Checkbox from "@mui/material/Checkbox";
import Grid from "@mui/material/Grid";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { setApiPlansAction } from "./actions";
import { useAction } from "@/components/use-action";

interface PlanView {
  name: string;
  description: string;
  limit: string;
  connections: string;
}

/** The Business Plans tab: which subscription tiers developers may choose for this API. */
export function ApiPlansForm({ apiId, plans, chosen: initial, canEdit }: { apiId: string; plans: PlanView[]; chosen: string[]; canEdit: boolean }) {
  const router = useRouter();
  const [chosen, setChosen] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = useAction(setApiPlansAction, {
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const error = save.fieldError("plans") ?? save.error;
  const dirty = chosen.length !== initial.length || chosen.some((c) => !initial.includes(c));

  function toggle(name: string, on: boolean) {
    setChosen((c) => (on ? [...c, name] : c.filter((n) => n !== name)));
  }

  return (
    <Stack spacing={2}>
      <Typography color="text.secondary">Developers subscribe to the API with one of the plans it offers. At least one is needed to publish.</Typography>
      {error && <Alert severity="error">{error}</Alert>}
      {!canEdit && <Alert severity="info">Changing business plans needs the creator role.</Alert>}
      <Grid container spacing={2} role="group" aria-label="Business plans">
        {plans.map((plan) => {
          const on = chosen.includes(plan.name);
          return (
            <Grid key={plan.name} size={{ xs: 12, sm: 6, md: 3 }}>
              <Card variant="outlined" sx={{ height: "100%", borderColor: on ? "primary.main" : undefined, borderWidth: on ? 2 : 1 }}>
                <CardActionArea component="label" disabled={!canEdit} sx={{ height: "100%" }}>
                  <CardContent>
                    <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center" }}>
                      <Typography variant="h6">{plan.name}</Typography>
                      <Checkbox checked={on} disabled={!canEdit} onChange={(e) => toggle(plan.name, e.target.checked)} slotProps={{ input: { "aria-label": plan.name } }} />
                    </Stack>
                    <Typography variant="body2">{plan.limit}</Typography>
                    <Typography variant="body2" color="text.secondary">
                      {plan.connections}
                    </Typography>
                    {plan.description && (
                      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                        {plan.description}
                      </Typography>
                    )}
                  </CardContent>
                </CardActionArea>
              </Card>
            </Grid>
          );
        })}
      </Grid>
      {canEdit && (
        <div>
          <Button variant="contained" onClick={() => save.run({ apiId, plans: chosen })} disabled={!dirty} loading={save.pending} loadingPosition="start">
            {save.pending ? "Saving…" : "Save"}
          </Button>
        </div>
      )}
      <Snackbar open={saved} autoHideDuration={4000} onClose={() => setSaved(false)} message="Business plans saved" />
    </Stack>
  );
}
