"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Checkbox from "@mui/material/Checkbox";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import FormControlLabel from "@mui/material/FormControlLabel";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { createPlanAction, updatePlanAction } from "./actions";
import { useAction } from "@/components/use-action";
import type { TimeUnit } from "@/generated/prisma/enums";

/** A plan as the form holds it: every number as typed, an empty field meaning "no limit". */
export interface PlanDraft {
  name: string;
  displayName: string;
  description: string;
  eventCount: string;
  timeUnit: TimeUnit;
  burstLimit: string;
  burstTimeUnit: string;
  bandwidthAmount: string;
  bandwidthDataUnit: string;
  bandwidthTimeUnit: string;
  maxConnections: string;
  throttleAction: string;
  requiresApproval: boolean;
}

export const emptyPlan: PlanDraft = {
  name: "",
  displayName: "",
  description: "",
  eventCount: "",
  timeUnit: "MINUTE",
  burstLimit: "",
  burstTimeUnit: "",
  bandwidthAmount: "",
  bandwidthDataUnit: "",
  bandwidthTimeUnit: "",
  maxConnections: "",
  throttleAction: "",
  requiresApproval: false,
};

const timeUnits = [
  { value: "SECOND", label: "second" },
  { value: "MINUTE", label: "minute" },
  { value: "HOUR", label: "hour" },
  { value: "DAY", label: "day" },
];

/** Create (no planId) or edit a business plan; every message is the lib's, under its field. */
export function PlanFormDialog(props: { open: boolean; planId?: string; initial: PlanDraft; onClose: () => void; onSaved: (name: string) => void }) {
  const [plan, setPlan] = useState(props.initial);
  const create = useAction(createPlanAction, { onSuccess: (d) => props.onSaved(d.name) });
  const update = useAction(updatePlanAction, { onSuccess: (d) => props.onSaved(d.name) });
  const save = props.planId ? update : create;
  const err = (field: keyof PlanDraft) => save.fieldError(`plan.${field}`) ?? save.fieldError(field);
  const set = (field: keyof PlanDraft) => (e: React.ChangeEvent<HTMLInputElement>) => setPlan((p) => ({ ...p, [field]: e.target.value }));
  const text = (field: keyof PlanDraft, label: string, extra: { helperText?: string; type?: string; select?: boolean; children?: React.ReactNode; sx?: object } = {}) => (
    <TextField
      label={label}
      value={plan[field] as string}
      onChange={set(field)}
      error={!!err(field)}
      size="small"
      fullWidth
      {...extra}
      helperText={err(field) ?? extra.helperText}
    />
  );
  const unitMenu = (units: { value: string; label: string }[], none?: string) => [
    ...(none ? [<MenuItem key="" value="">{none}</MenuItem>] : []),
    ...units.map((u) => (
      <MenuItem key={u.value} value={u.value}>
        {u.label}
      </MenuItem>
    )),
  ];

  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="sm" fullWidth>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const { name, ...fields } = plan;
          if (props.planId) update.run({ planId: props.planId, plan: fields });
          else create.run({ plan: { name, ...fields } });
        }}
      >
        <DialogTitle>{props.planId ? `Edit ${plan.name}` : "Create business plan"}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {save.error && <Alert severity="error">{save.error}</Alert>}
            {props.planId ? null : text("name", "Name", { helperText: "Fixed once created: APIs and subscriptions name the plan by it." })}
            {text("displayName", "Display name", { helperText: "Optional; shown instead of the name." })}
            {text("description", "Description")}
            <Typography variant="subtitle2">Events</Typography>
            <Stack direction="row" spacing={1}>
              {text("eventCount", "Events", { type: "number", helperText: "Empty: unlimited." })}
              {text("timeUnit", "Per", { select: true, children: unitMenu(timeUnits), sx: { maxWidth: 160 } })}
            </Stack>
            <Typography variant="subtitle2">Burst control</Typography>
            <Stack direction="row" spacing={1}>
              {text("burstLimit", "Burst limit", { type: "number", helperText: "At most this many inside the window. Empty: none." })}
              {text("burstTimeUnit", "Burst per", { select: true, children: unitMenu(timeUnits.slice(0, 2), "none"), sx: { maxWidth: 160 } })}
            </Stack>
            <Typography variant="subtitle2">Bandwidth</Typography>
            <Stack direction="row" spacing={1}>
              {text("bandwidthAmount", "Bandwidth", { type: "number", helperText: "Both directions together. Empty: unlimited." })}
              {text("bandwidthDataUnit", "Unit", { select: true, children: unitMenu(["KB", "MB", "GB"].map((u) => ({ value: u, label: u })), "none"), sx: { maxWidth: 110 } })}
              {text("bandwidthTimeUnit", "Bandwidth per", { select: true, children: unitMenu(timeUnits, "none"), sx: { maxWidth: 150 } })}
            </Stack>
            {text("maxConnections", "Max concurrent connections", { type: "number", helperText: "Per application and API. Empty: unlimited." })}
            {text("throttleAction", "When a limit is exceeded", {
              select: true,
              children: unitMenu(
                [
                  { value: "DROP", label: "Drop the message, with a notice" },
                  { value: "CLOSE", label: "Close the connection (4429)" },
                ],
                "The gateway's default",
              ),
            })}
            <FormControlLabel
              control={<Checkbox checked={plan.requiresApproval} onChange={(e) => setPlan((p) => ({ ...p, requiresApproval: e.target.checked }))} />}
              label="Subscriptions need an admin's approval"
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" loading={save.pending}>
            {props.planId ? "Save" : "Create"}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
