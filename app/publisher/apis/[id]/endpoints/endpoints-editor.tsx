"use client";
import CheckCircleIcon from "@mui/icons-material/CheckCircle";
import ErrorOutlineIcon from "@mui/icons-material/ErrorOutlined";
import SettingsIcon from "@mui/icons-material/Settings";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Grid from "@mui/material/Grid";
import IconButton from "@mui/material/IconButton";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveEndpointsAction, testEndpointAction } from "./actions";
import { EndpointConfigDialog } from "./endpoint-config-dialog";
import { formatCount } from "@/components/format";
import { SectionCard } from "@/components/section-card";
import { useAction, type ActionHandle } from "@/components/use-action";
import { idle } from "@/lib/action-state";
import type { EndpointConfig } from "@/lib/endpoint-config";

type Slot = { url: string; config: EndpointConfig };
type Kind = "production" | "sandbox";
const labels: Record<Kind, string> = { production: "Production endpoint", sandbox: "Sandbox endpoint" };
const hints: Record<Kind, string> = {
  production: "Where the gateway sends traffic of production keys: ws:// or wss://",
  sandbox: "Optional: where traffic of sandbox keys goes",
};

/** The Endpoints tab: production and sandbox URLs, each with its cogwheel settings and a Test button. */
export function EndpointsEditor({ apiId, initial, canEdit }: { apiId: string; initial: Record<Kind, Slot>; canEdit: boolean }) {
  const router = useRouter();
  const [slots, setSlots] = useState(initial);
  const [saved, setSaved] = useState(false);
  const [dialog, setDialog] = useState<Kind | null>(null);
  const save = useAction(saveEndpointsAction, {
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  // One handle per endpoint: both can be tested at the same time.
  const tests: Record<Kind, ActionHandle<Slot, { ok: boolean; message: string }>> = {
    production: useAction(testEndpointAction),
    sandbox: useAction(testEndpointAction),
  };
  const errors = save.state.fieldErrors ?? {};
  const message = save.error;

  return (
    <Stack spacing={2}>
      {message && <Alert severity="error">{message}</Alert>}
      {!canEdit && <Alert severity="info">Changing endpoints needs the creator role.</Alert>}
      <Grid container spacing={2}>
        {(["production", "sandbox"] as const).map((kind) => {
          const test = tests[kind];
          const outcome = test.pending
            ? "testing"
            : test.state.ok
              ? test.state.data
              : test.state === idle
                ? undefined
                : { ok: false, message: test.fieldError("url") ?? test.error ?? "The test could not run." };
          const settingsError = Object.keys(errors).some((k) => k.startsWith(`${kind}.config`));
          return (
            <Grid key={kind} size={{ xs: 12, md: 6 }}>
              <SectionCard fill title={labels[kind]}>
                <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: "flex-start" }}>
                  <TextField
                    label={labels[kind]}
                    value={slots[kind].url}
                    placeholder="ws://localhost:7070"
                    disabled={!canEdit}
                    onChange={(e) => setSlots((s) => ({ ...s, [kind]: { ...s[kind], url: e.target.value } }))}
                    error={!!(errors[`${kind}.url`] ?? errors[kind])}
                    helperText={errors[`${kind}.url`] ?? hints[kind]}
                    fullWidth
                  />
                  <Tooltip title="Endpoint settings">
                    <IconButton aria-label={`${labels[kind]} settings`} onClick={() => setDialog(kind)} sx={{ mt: 1 }} color={settingsError ? "error" : "default"}>
                      <SettingsIcon />
                    </IconButton>
                  </Tooltip>
                </Stack>
                <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: "center" }}>
                  <Button
                    variant="outlined"
                    onClick={() => test.run(slots[kind])}
                    disabled={!slots[kind].url.trim()}
                    loading={test.pending}
                    loadingPosition="start"
                    aria-label={`Test ${labels[kind].toLowerCase()}`}
                  >
                    {outcome === "testing" ? "Testing…" : "Test"}
                  </Button>
                  {outcome && outcome !== "testing" && (
                    <Stack direction="row" spacing={1} role="status" aria-label={`${labels[kind]} test result`} sx={{ alignItems: "center" }}>
                      {outcome.ok ? <CheckCircleIcon color="success" fontSize="small" /> : <ErrorOutlineIcon color="error" fontSize="small" />}
                      <Typography variant="body2" color={outcome.ok ? "success.main" : "error"}>
                        {outcome.message}
                      </Typography>
                    </Stack>
                  )}
                </Stack>
                <Typography variant="caption" color="text.secondary" sx={{ display: "block", mt: 2 }}>
                  Connect timeout {slots[kind].config.connectTimeoutMs} ms · {slots[kind].config.retries.count} retries · max message{" "}
                  {formatCount(Math.round(slots[kind].config.maxMessageBytes / 1024))} KiB
                  {slots[kind].config.headers.length > 0 && ` · ${slots[kind].config.headers.length} extra header${slots[kind].config.headers.length === 1 ? "" : "s"}`}
                </Typography>
              </SectionCard>
            </Grid>
          );
        })}
      </Grid>
      {canEdit && (
        <div>
          <Button variant="contained" onClick={() => save.run({ apiId, ...slots })} loading={save.pending} loadingPosition="start">
            {save.pending ? "Saving…" : "Save"}
          </Button>
        </div>
      )}
      {dialog && (
        <EndpointConfigDialog
          title={`${labels[dialog]} settings`}
          secure={slots[dialog].url.trim().startsWith("wss://")}
          value={slots[dialog].config}
          readOnly={!canEdit}
          serverErrors={Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith(`${dialog}.config.`)).map(([k, v]) => [k.slice(`${dialog}.config.`.length), v]))}
          onClose={() => setDialog(null)}
          onApply={(config) => {
            setSlots((s) => ({ ...s, [dialog]: { ...s[dialog], config } }));
            setDialog(null);
          }}
        />
      )}
      <Snackbar open={saved} autoHideDuration={4000} onClose={() => setSaved(false)} message="Endpoints saved" />
    </Stack>
  );
}
