import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import Box from "@mui/material/Box";
import TextField from "@mui/material/TextField";

/** A GET form, as the search bars are: the filters live in the URL, so a link shows the same rows. */
export function AuditFilters(props: { values: { actor?: string; entity?: string; action?: string; from?: string; to?: string }; entities: string[]; actions: string[] }) {
  const v = props.values;
  return (
    <Box component="form" method="get" role="search" aria-label="Filter the audit log" sx={{ mb: 3, display: "flex", flexWrap: "wrap", gap: 1, alignItems: "flex-start", "& .MuiTextField-root": { width: { xs: "100%", sm: 180 } } }}>
      <TextField name="actor" label="Actor" size="small" defaultValue={v.actor ?? ""} helperText="A username, exactly" />
      <TextField select name="entity" label="Entity" size="small" defaultValue={v.entity ?? ""}>
        <MenuItem value="">All</MenuItem>
        {props.entities.map((e) => (
          <MenuItem key={e} value={e}>
            {e}
          </MenuItem>
        ))}
      </TextField>
      <TextField select name="action" label="Action" size="small" defaultValue={v.action ?? ""}>
        <MenuItem value="">All</MenuItem>
        {props.actions.map((a) => (
          <MenuItem key={a} value={a}>
            {a}
          </MenuItem>
        ))}
      </TextField>
      <TextField name="from" label="From" type="date" size="small" defaultValue={v.from ?? ""} slotProps={{ inputLabel: { shrink: true } }} />
      <TextField name="to" label="To" type="date" size="small" defaultValue={v.to ?? ""} slotProps={{ inputLabel: { shrink: true } }} />
      <Button type="submit" variant="outlined" sx={{ height: 40 }}>
        Filter
      </Button>
    </Box>
  );
}
