"use client";
import AddIcon from "@mui/icons-material/Add";
import DeleteOutlineIcon from "@mui/icons-material/DeleteOutlined";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormHelperText from "@mui/material/FormHelperText";
import Grid from "@mui/material/Grid";
import IconButton from "@mui/material/IconButton";
import InputAdornment from "@mui/material/InputAdornment";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { defaultEndpointConfig, ZEndpointConfig, type EndpointConfig } from "@/lib/endpoint-config";
import { formatCount } from "@/components/format";

// Each number field: where it lives in EndpointConfig, its label and unit.
const numberFields = [
  { path: "connectTimeoutMs", label: "Connect timeout", unit: "ms" },
  { path: "idleTimeoutMs", label: "Idle timeout", unit: "ms", hint: "0 never closes an idle connection" },
  { path: "maxMessageBytes", label: "Maximum message size", unit: "bytes" },
  { path: "retries.count", label: "Retries on connect failure", unit: "times" },
  { path: "retries.delayMs", label: "Delay between retries", unit: "ms" },
  { path: "suspension.initialDurationMs", label: "Suspension: initial duration", unit: "ms", hint: "0 never suspends the endpoint" },
  { path: "suspension.factor", label: "Suspension: factor", unit: "×" },
  { path: "suspension.maxDurationMs", label: "Suspension: maximum duration", unit: "ms" },
] as const;

type NumberPath = (typeof numberFields)[number]["path"];

function read(config: EndpointConfig, path: NumberPath): number {
  const [a, b] = path.split(".") as [keyof EndpointConfig, string?];
  return b ? (config[a] as unknown as Record<string, number>)[b] : (config[a] as number);
}

/** The cogwheel: an endpoint's connection settings, with defaults shown and each value checked. */
export function EndpointConfigDialog(props: {
  title: string;
  secure: boolean;
  value: EndpointConfig;
  readOnly: boolean;
  serverErrors: Record<string, string>;
  onApply: (config: EndpointConfig) => void;
  onClose: () => void;
}) {
  const [numbers, setNumbers] = useState<Record<NumberPath, string>>(
    () => Object.fromEntries(numberFields.map((f) => [f.path, String(read(props.value, f.path))])) as Record<NumberPath, string>,
  );
  const [headers, setHeaders] = useState(props.value.headers);
  const [verifyTls, setVerifyTls] = useState(props.value.verifyTls);
  const [compression, setCompression] = useState(props.value.compression);
  const [errors, setErrors] = useState<Record<string, string>>(props.serverErrors);

  function apply() {
    const n = (path: NumberPath) => (numbers[path].trim() === "" ? Number.NaN : Number(numbers[path]));
    const candidate = {
      connectTimeoutMs: n("connectTimeoutMs"),
      idleTimeoutMs: n("idleTimeoutMs"),
      maxMessageBytes: n("maxMessageBytes"),
      retries: { count: n("retries.count"), delayMs: n("retries.delayMs") },
      suspension: { initialDurationMs: n("suspension.initialDurationMs"), factor: n("suspension.factor"), maxDurationMs: n("suspension.maxDurationMs") },
      headers,
      verifyTls,
      compression,
    };
    const parsed = ZEndpointConfig.safeParse(candidate);
    if (!parsed.success) {
      const out: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.map(String).join(".");
        out[key] ??= issue.code === "invalid_type" ? "Enter a number." : issue.code === "too_small" && issue.minimum === 0 ? "Cannot be negative." : issue.message;
      }
      setErrors(out);
      return;
    }
    props.onApply(parsed.data);
  }

  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          How the gateway connects to this backend. Saving the endpoints keeps these settings in the working copy: clients get them on the next Deploy.
        </Typography>
        <Grid container spacing={2}>
          {numberFields.map((f) => {
            const def = read(defaultEndpointConfig, f.path);
            return (
              <Grid key={f.path} size={{ xs: 12, sm: 6 }}>
                <TextField
                  label={f.label}
                  value={numbers[f.path]}
                  disabled={props.readOnly}
                  onChange={(e) => setNumbers((v) => ({ ...v, [f.path]: e.target.value }))}
                  error={!!errors[f.path]}
                  helperText={errors[f.path] ?? `${"hint" in f ? `${f.hint}. ` : ""}Default ${formatCount(def)} ${f.unit}`}
                  slotProps={{ htmlInput: { inputMode: "decimal" }, input: { endAdornment: <InputAdornment position="end">{f.unit}</InputAdornment> } }}
                  fullWidth
                />
              </Grid>
            );
          })}
        </Grid>
        <Typography variant="subtitle2" sx={{ mt: 3, mb: 1 }}>
          Extra handshake headers
        </Typography>
        <Stack spacing={1}>
          {headers.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              None: the gateway sends only the client&apos;s handshake headers it forwards.
            </Typography>
          )}
          {headers.map((h, i) => (
            <Stack key={i} direction="row" spacing={1} sx={{ alignItems: "flex-start" }}>
              <TextField
                label={`Header ${i + 1} name`}
                size="small"
                value={h.name}
                disabled={props.readOnly}
                onChange={(e) => setHeaders((list) => list.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
                error={!!errors[`headers.${i}.name`]}
                helperText={errors[`headers.${i}.name`]}
                sx={{ flex: 1 }}
              />
              <TextField
                label={`Header ${i + 1} value`}
                size="small"
                value={h.value}
                disabled={props.readOnly}
                onChange={(e) => setHeaders((list) => list.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                error={!!errors[`headers.${i}.value`]}
                helperText={errors[`headers.${i}.value`]}
                sx={{ flex: 2 }}
              />
              {!props.readOnly && (
                <IconButton aria-label={`Remove header ${i + 1}`} onClick={() => setHeaders((list) => list.filter((_, j) => j !== i))}>
                  <DeleteOutlineIcon />
                </IconButton>
              )}
            </Stack>
          ))}
          {errors.headers && <FormHelperText error>{errors.headers}</FormHelperText>}
          {!props.readOnly && (
            <div>
              <Button size="small" startIcon={<AddIcon />} onClick={() => setHeaders((list) => [...list, { name: "", value: "" }])}>
                Add header
              </Button>
            </div>
          )}
        </Stack>
        <FormControlLabel
          sx={{ mt: 2 }}
          control={<Switch checked={verifyTls} disabled={props.readOnly || !props.secure} onChange={(e) => setVerifyTls(e.target.checked)} />}
          label="Verify the backend's TLS certificate"
        />
        <FormHelperText>{props.secure ? "Turn off only for a test backend with a self-signed certificate." : "Applies to wss:// endpoints only."}</FormHelperText>
        <FormControlLabel
          sx={{ mt: 2 }}
          control={<Switch checked={compression} disabled={props.readOnly} onChange={(e) => setCompression(e.target.checked)} />}
          label="Allow compressed messages (permessage-deflate)"
        />
        <FormHelperText>
          On, messages may travel compressed, and the maximum message size holds for what each inflates to. Off, neither side may compress.
        </FormHelperText>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        {!props.readOnly && (
          <Button variant="contained" onClick={apply}>
            Apply
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
