"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Divider from "@mui/material/Divider";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, useTransition } from "react";
import { generateAccessTokenAction, regenerateSecretAction, revokeTokenAction } from "@/app/devportal/applications/[id]/actions";
import { ConfirmDialog } from "./confirm-dialog";
import { CopyField } from "./copy-field";
import { GenerateKeysForm } from "./generate-keys-form";
import { formatCount } from "./format";

type KeyType = "PRODUCTION" | "SANDBOX";

/** An application's keys of one type: consumer key, the secret (once), tokens, and the curl call. */
export function KeysPanel(props: { applicationId: string; keyType: KeyType; existing: { consumerKey: string; tokenValiditySeconds: number } | null; tokenEndpoint: string }) {
  const [consumerKey, setConsumerKey] = useState(props.existing?.consumerKey ?? null);
  const [secret, setSecret] = useState<string | null>(null);
  const [token, setToken] = useState<{ accessToken: string; expiresIn: number } | null>(null);
  const [validity, setValidity] = useState(String(props.existing?.tokenValiditySeconds ?? 3600));
  const [revokeText, setRevokeText] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmRegenerate, setConfirmRegenerate] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (!consumerKey) {
    return (
      <GenerateKeysForm
        applicationId={props.applicationId}
        keyType={props.keyType}
        onGenerated={(keys) => {
          setConsumerKey(keys.consumerKey);
          setSecret(keys.consumerSecret);
          setToken({ accessToken: keys.accessToken, expiresIn: keys.expiresIn });
        }}
      />
    );
  }

  const ids = { applicationId: props.applicationId, keyType: props.keyType };
  const generateToken = () =>
    startTransition(async () => {
      const result = await generateAccessTokenAction({ ...ids, validitySeconds: validity });
      setErrors(result.ok ? {} : { validitySeconds: result.fieldErrors?.validitySeconds ?? result.message ?? "No token could be generated." });
      if (result.ok && result.data) setToken(result.data);
    });
  const regenerate = () =>
    startTransition(async () => {
      const result = await regenerateSecretAction(ids);
      setConfirmRegenerate(false);
      if (result.ok && result.data) {
        setSecret(result.data.consumerSecret);
        setNotice("New consumer secret generated: the old one no longer works");
      } else setErrors({ form: result.message ?? "The secret could not be regenerated." });
    });
  const revoke = (accessToken: string) =>
    startTransition(async () => {
      const result = await revokeTokenAction({ token: accessToken });
      if (result.ok) {
        setErrors({});
        setRevokeText("");
        if (token?.accessToken === accessToken) setToken(null);
        setNotice("Token revoked: the gateway refuses it from now on");
      } else setErrors({ revoke: result.fieldErrors?.token ?? result.message ?? "The token could not be revoked." });
    });

  const curl = `curl -X POST ${props.tokenEndpoint} \\\n  -d "grant_type=client_credentials" \\\n  -u "${consumerKey}:${secret ?? "<consumer secret>"}"`;
  return (
    <Stack spacing={2} sx={{ maxWidth: 860 }}>
      {errors.form && <Alert severity="error">{errors.form}</Alert>}
      <CopyField label="Consumer Key" value={consumerKey} />
      {secret ? (
        <>
          <CopyField label="Consumer Secret" value={secret} />
          <Alert severity="warning">Copy the consumer secret now: it is shown only once. Duplex keeps only a hash of it.</Alert>
        </>
      ) : (
        <Typography variant="body2" color="text.secondary">
          The consumer secret was shown once, when it was generated.
        </Typography>
      )}
      <div>
        <Button color="warning" onClick={() => setConfirmRegenerate(true)} disabled={pending}>
          Regenerate secret
        </Button>
      </div>
      <Divider />
      <Typography variant="subtitle2">Access token</Typography>
      {token && (
        <>
          <CopyField label="Access Token" value={token.accessToken} multiline />
          <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
            <Typography variant="body2" color="text.secondary">
              Valid for {formatCount(token.expiresIn)} seconds.
            </Typography>
            <Button size="small" color="error" onClick={() => revoke(token.accessToken)} disabled={pending}>
              Revoke this token
            </Button>
          </Stack>
        </>
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: "flex-start" }}>
        <TextField
          label="Validity period (seconds)"
          type="number"
          size="small"
          value={validity}
          onChange={(e) => setValidity(e.target.value)}
          error={!!errors.validitySeconds}
          helperText={errors.validitySeconds}
          sx={{ maxWidth: 240 }}
        />
        <Button variant="outlined" onClick={generateToken} disabled={pending}>
          Generate Access Token
        </Button>
      </Stack>
      <Stack direction="row" spacing={2} sx={{ alignItems: "flex-start" }}>
        <TextField label="Revoke an access token" size="small" value={revokeText} onChange={(e) => setRevokeText(e.target.value)} error={!!errors.revoke} helperText={errors.revoke ?? "Paste a token of this application."} />
        <Button color="error" variant="outlined" onClick={() => revoke(revokeText)} disabled={pending || !revokeText.trim()}>
          Revoke
        </Button>
      </Stack>
      <Divider />
      <Typography variant="subtitle2">Get a token with cURL</Typography>
      <CopyField label="cURL" value={curl} multiline />
      <ConfirmDialog
        open={confirmRegenerate}
        title="Regenerate the consumer secret?"
        text="The current secret stops working at once: clients that use it cannot get new tokens until they have the new one. Tokens already issued keep working until they expire."
        confirmLabel="Regenerate"
        pending={pending}
        onConfirm={regenerate}
        onClose={() => setConfirmRegenerate(false)}
      />
      <Snackbar open={notice !== null} autoHideDuration={5000} onClose={() => setNotice(null)} message={notice} />
    </Stack>
  );
}
