"use client";
import Checkbox from "@mui/material/Checkbox";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormGroup from "@mui/material/FormGroup";
import FormHelperText from "@mui/material/FormHelperText";
import FormLabel from "@mui/material/FormLabel";

/** The business plans a new API offers, as the create forms ask for them. */
export function PlanCheckboxes(props: {
  plans: { name: string; limit?: string }[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error?: string;
  row?: boolean;
}) {
  const { chosen, onChange } = props;
  return (
    <FormControl error={!!props.error} component="fieldset">
      <FormLabel component="legend">Business plan(s)</FormLabel>
      <FormGroup row={props.row}>
        {props.plans.map((plan) => (
          <FormControlLabel
            key={plan.name}
            label={plan.limit ? `${plan.name} · ${plan.limit}` : plan.name}
            control={
              <Checkbox
                checked={chosen.includes(plan.name)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, plan.name] : chosen.filter((n) => n !== plan.name))}
                slotProps={{ input: { "aria-label": plan.name } }}
              />
            }
          />
        ))}
      </FormGroup>
      <FormHelperText>{props.error ?? "The plans subscribers can choose from. At least one is needed to publish."}</FormHelperText>
    </FormControl>
  );
}
