import SearchIcon from "@mui/icons-material/Search";
import Button from "@mui/material/Button";
import InputAdornment from "@mui/material/InputAdornment";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";

/** A GET form: the search lives in the URL, so it can be shared and works without script. */
export function SearchBar(props: { query?: string; placeholder: string; label?: string; statuses?: { value: string; label: string }[]; status?: string }) {
  return (
    <Stack component="form" method="get" role="search" direction="row" spacing={1} sx={{ mb: 3, maxWidth: 760 }}>
      <TextField
        name="q"
        size="small"
        defaultValue={props.query ?? ""}
        placeholder={props.placeholder}
        slotProps={{ htmlInput: { "aria-label": props.label ?? "Search APIs" }, input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
      />
      {props.statuses && (
        <TextField select name="status" size="small" label="Status" defaultValue={props.status ?? ""} sx={{ minWidth: 160 }}>
          <MenuItem value="">All</MenuItem>
          {props.statuses.map((s) => (
            <MenuItem key={s.value} value={s.value}>
              {s.label}
            </MenuItem>
          ))}
        </TextField>
      )}
      <Button type="submit" variant="outlined">
        Search
      </Button>
    </Stack>
  );
}
