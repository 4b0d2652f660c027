"use client";
import Checkbox from "@mui/material/Checkbox";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormGroup from "@mui/material/FormGroup";
import FormHelperText from "@mui/material/FormHelperText";
import FormLabel from "@mui/material/FormLabel";
import type { Role } from "@/lib/roles";

export const roleLabels: Record<Role, string> = { ADMIN: "Admin", CREATOR: "Creator", PUBLISHER: "Publisher", SUBSCRIBER: "Subscriber" };
const roleHelp: Record<Role, string> = {
  ADMIN: "runs the platform",
  CREATOR: "designs APIs",
  PUBLISHER: "publishes APIs",
  SUBSCRIBER: "subscribes in the Developer Portal",
};

/** The four roles as checkboxes, in a named group so that a screen reader (and a test) finds them. */
export function RoleCheckboxes(props: { value: Role[]; onChange: (roles: Role[]) => void; error?: string }) {
  return (
    <FormControl error={!!props.error} component="fieldset">
      <FormLabel component="legend">Roles</FormLabel>
      <FormGroup aria-label="Roles">
        {(Object.keys(roleLabels) as Role[]).map((role) => (
          <FormControlLabel
            key={role}
            label={`${roleLabels[role]} (${roleHelp[role]})`}
            control={
              <Checkbox
                checked={props.value.includes(role)}
                onChange={(e) => props.onChange(e.target.checked ? [...props.value, role] : props.value.filter((r) => r !== role))}
                slotProps={{ input: { "aria-label": roleLabels[role] } }}
              />
            }
          />
        ))}
      </FormGroup>
      {props.error && <FormHelperText>{props.error}</FormHelperText>}
    </FormControl>
  );
}
