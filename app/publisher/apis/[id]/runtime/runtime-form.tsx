"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import FormControlLabel from "@mui/material/FormControlLabel";
import Radio from "@mui/material/Radio";
import RadioGroup from "@mui/material/RadioGroup";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { updateApiRuntimeAction } from "./actions";
import { SectionCard } from "@/components/section-card";
import { useAction } from "@/components/use-action";
import type { ApiRuntime } from "@/lib/api-runtime";

/** One entry per line (commas and spaces also separate them). */
const entriesOf = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * Runtime security, where WSO2 keeps it: the browser origins that may connect (against
 * cross-site WebSocket hijacking) and the client addresses allowed and denied. Saved settings
 * reach the gateways at once, without a deploy.
 */
export function RuntimeForm({ apiId, initial, portalOrigin, canEdit }: { apiId: string; initial: ApiRuntime; portalOrigin: string; canEdit: boolean }) {
  const router = useRouter();
  const [origins, setOrigins] = useState(initial.allowedOrigins.join("\n"));
  const [allowNoOrigin, setAllowNoOrigin] = useState(initial.allowNoOrigin);
  const [ipAllow, setIpAllow] = useState(initial.ipAllow.join("\n"));
  const [ipDeny, setIpDeny] = useState(initial.ipDeny.join("\n"));
  const [wrongDirection, setWrongDirection] = useState(initial.wrongDirection);
  const [authentication, setAuthentication] = useState(initial.authentication);
  const [saved, setSaved] = useState(false);
  const save = useAction(updateApiRuntimeAction, {
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const list = (label: string, value: string, set: (v: string) => void, field: string, help: string, placeholder: string) => (
    <TextField
      label={label}
      multiline
      minRows={3}
      value={value}
      disabled={!canEdit}
      placeholder={placeholder}
      onChange={(e) => set(e.target.value)}
      error={!!save.fieldError(field)}
      helperText={save.fieldError(field) ?? help}
      slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: "monospace" } } }}
    />
  );
  const submit = () => save.run({ apiId, allowedOrigins: entriesOf(origins), allowNoOrigin, ipAllow: entriesOf(ipAllow), ipDeny: entriesOf(ipDeny), wrongDirection, authentication });

  return (
    <Stack spacing={3}>
      {save.error && <Alert severity="error">{save.error}</Alert>}
      {!canEdit && <Alert severity="info">Changing runtime settings needs the creator role.</Alert>}
      <Typography color="text.secondary">
        These settings reach every gateway as soon as they are saved, without a deploy. Open connections they no longer admit are closed (1008).
      </Typography>
      <SectionCard title="API security">
        <Stack spacing={1} sx={{ maxWidth: 760 }}>
          <Typography variant="body2" color="text.secondary">
            What clients authenticate with. OAuth2: an access token from the token endpoint. API key: a key an application generates in the Developer Portal (Application → API Keys),
            sent as the <code>apikey</code> header or query parameter.
          </Typography>
          <RadioGroup value={authentication} onChange={(e) => setAuthentication(e.target.value as ApiRuntime["authentication"])} aria-label="API security">
            <FormControlLabel value="oauth2" disabled={!canEdit} control={<Radio />} label="OAuth2 access tokens" />
            <FormControlLabel value="apiKey" disabled={!canEdit} control={<Radio />} label="API keys" />
            <FormControlLabel value="both" disabled={!canEdit} control={<Radio />} label="Both" />
          </RadioGroup>
        </Stack>
      </SectionCard>
      <SectionCard title="Allowed origins">
        <Stack spacing={2} sx={{ maxWidth: 760 }}>
          <Typography variant="body2" color="text.secondary">
            Browsers send the page&apos;s origin with every WebSocket handshake. List the origins whose pages may connect, so that a page elsewhere cannot open a connection in its
            visitors&apos; name. Empty: any origin. The Developer Portal&apos;s Try it console connects from <code>{portalOrigin}</code>: list it too, or Try it is refused.
          </Typography>
          {list("Origins", origins, setOrigins, "allowedOrigins", "One per line: https://app.example.com, or https://*.example.com for every subdomain.", "https://app.example.com")}
          <FormControlLabel
            control={<Switch checked={allowNoOrigin} disabled={!canEdit} onChange={(e) => setAllowNoOrigin(e.target.checked)} />}
            label="Allow handshakes without an Origin header (non-browser clients: servers, mobile apps, CLIs)"
          />
        </Stack>
      </SectionCard>
      <SectionCard title="Client addresses">
        <Stack spacing={2} sx={{ maxWidth: 760 }}>
          <Typography variant="body2" color="text.secondary">
            The client&apos;s address as the gateway sees it: behind a load balancer, set the gateway&apos;s trusted proxies so that their X-Forwarded-For is believed. A denied
            address is refused even when the allow list holds it.
          </Typography>
          {list("Allowed addresses", ipAllow, setIpAllow, "ipAllow", "IPv4 or IPv6 addresses and CIDR ranges, one per line. Empty: every address not denied.", "203.0.113.0/24")}
          {list("Denied addresses", ipDeny, setIpDeny, "ipDeny", "Refused with 403 ip_not_allowed.", "198.51.100.7")}
        </Stack>
      </SectionCard>
      <SectionCard title="Topic operations">
        <Stack spacing={1} sx={{ maxWidth: 760 }}>
          <Typography variant="body2" color="text.secondary">
            A topic without a Publish operation takes no messages from clients; one without Subscribe sends them none. When a message comes the wrong way:
          </Typography>
          <RadioGroup value={wrongDirection} onChange={(e) => setWrongDirection(e.target.value as ApiRuntime["wrongDirection"])} aria-label="When a message comes the wrong way">
            <FormControlLabel value="drop" disabled={!canEdit} control={<Radio />} label="Drop it (the client is told why, once a minute)" />
            <FormControlLabel value="close" disabled={!canEdit} control={<Radio />} label="Close the connection (1008)" />
          </RadioGroup>
        </Stack>
      </SectionCard>
      {canEdit && (
        <div>
          <Button variant="contained" onClick={submit} loading={save.pending} loadingPosition="start">
            {save.pending ? "Saving…" : "Save"}
          </Button>
        </div>
      )}
      <Snackbar open={saved} autoHideDuration={4000} onClose={() => setSaved(false)} message="Runtime settings saved" />
    </Stack>
  );
}
