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
import { useState, useTransition } from "react";
import { saveEndpointsAction, testEndpointAction } from "@/app/publisher/apis/[id]/endpoints/actions";
import { EndpointConfigDialog } from "@/components/endpoint-config-dialog";
import { SectionCard } from "@/components/section-card";
import type { EndpointConfig } from "@/lib/endpoint-config";
import { formatCount } from "./format";

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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [dialog, setDialog] = useState<Kind | null>(null);
  const [tests, setTests] = useState<Partial<Record<Kind, { ok: boolean; message: string } | "testing">>>({});
  const [pending, startTransition] = useTransition();

  function save() {
    startTransition(async () => {
      const result = await saveEndpointsAction({ apiId, ...slots });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message ?? "The endpoints could not be saved.");
        return;
      }
      setErrors({});
      setMessage(null);
      setSaved(true);
      router.refresh();
    });
  }

  async function test(kind: Kind) {
    setTests((t) => ({ ...t, [kind]: "testing" }));
    const result = await testEndpointAction(slots[kind]);
    setTests((t) => ({
      ...t,
      [kind]: result.ok && result.data ? result.data : { ok: false, message: result.fieldErrors?.url ?? result.message ?? "The test could not run." },
    }));
  }

  return (
    <Stack spacing={2}>
      {message && <Alert severity="error">{message}</Alert>}
      {!canEdit && <Alert severity="info">Changing endpoints needs the creator role.</Alert>}
      <Grid container spacing={2}>
        {(["production", "sandbox"] as const).map((kind) => {
          const outcome = tests[kind];
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
                  <Button variant="outlined" onClick={() => test(kind)} disabled={!slots[kind].url.trim() || outcome === "testing"} aria-label={`Test ${labels[kind].toLowerCase()}`}>
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
          <Button variant="contained" onClick={save} disabled={pending}>
            Save
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
