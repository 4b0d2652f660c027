"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Divider from "@mui/material/Divider";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { deleteKeysAction, generateAccessTokenAction, regenerateSecretAction, revokeTokenAction } from "./actions";
import { GenerateKeysForm } from "./generate-keys-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyField } from "@/components/copy-field";
import { formatCount } from "@/components/format";
import { useAction } from "@/components/use-action";

type KeyType = "PRODUCTION" | "SANDBOX";

/** An application's keys of one type: consumer key, the secret (once), tokens, and the curl call. */
export function KeysPanel(props: { applicationId: string; keyType: KeyType; existing: { consumerKey: string; tokenValiditySeconds: number } | null; tokenEndpoint: string }) {
  const keyLabel = props.keyType === "PRODUCTION" ? "Production" : "Sandbox";
  const [consumerKey, setConsumerKey] = useState(props.existing?.consumerKey ?? null);
  const [secret, setSecret] = useState<string | null>(null);
  const [token, setToken] = useState<{ accessToken: string; expiresIn: number } | null>(null);
  const [validity, setValidity] = useState(String(props.existing?.tokenValiditySeconds ?? 3600));
  const [revokeText, setRevokeText] = useState("");
  const [confirmRegenerate, setConfirmRegenerate] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const generateToken = useAction(generateAccessTokenAction, { onSuccess: (issued) => setToken(issued) });
  const regenerate = useAction(regenerateSecretAction, {
    onSuccess: (keys) => {
      setConfirmRegenerate(false);
      setSecret(keys.consumerSecret);
      setNotice("New consumer secret generated: the old one no longer works");
    },
  });
  const revoke = useAction(revokeTokenAction, {
    onSuccess: (_, input) => {
      setRevokeText("");
      setToken((shown) => (shown?.accessToken === input.token ? null : shown));
      setNotice("Token revoked: the gateway refuses it from now on");
    },
  });
  const removeKeys = useAction(deleteKeysAction, {
    onSuccess: () => {
      setConfirmDelete(false);
      setConsumerKey(null);
      setSecret(null);
      setToken(null);
      setNotice(`${keyLabel} keys deleted: the gateway refuses their tokens and closes their connections`);
    },
  });
  const pending = generateToken.pending || regenerate.pending || revoke.pending || removeKeys.pending;
  const validityError = generateToken.fieldError("validitySeconds") ?? generateToken.error ?? undefined;
  const revokeError = revoke.fieldError("token") ?? revoke.error ?? undefined;

  const snackbar = <Snackbar open={notice !== null} autoHideDuration={5000} onClose={() => setNotice(null)} message={notice} />;
  if (!consumerKey) {
    return (
      <>
        <GenerateKeysForm
          applicationId={props.applicationId}
          keyType={props.keyType}
          onGenerated={(keys) => {
            setConsumerKey(keys.consumerKey);
            setSecret(keys.consumerSecret);
            setToken({ accessToken: keys.accessToken, expiresIn: keys.expiresIn });
          }}
        />
        {snackbar}
      </>
    );
  }

  const ids = { applicationId: props.applicationId, keyType: props.keyType };
  const curl = `curl -X POST ${props.tokenEndpoint} \\\n  -d "grant_type=client_credentials" \\\n  -u "${consumerKey}:${secret ?? "<consumer secret>"}"`;
  return (
    <Stack spacing={2} sx={{ maxWidth: 860 }}>
      {regenerate.error && !confirmRegenerate && <Alert severity="error">{regenerate.error}</Alert>}
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
      <Stack direction="row" spacing={1}>
        <Button color="warning" onClick={() => setConfirmRegenerate(true)} disabled={pending}>
          Regenerate secret
        </Button>
        <Button color="error" onClick={() => setConfirmDelete(true)} disabled={pending}>
          Delete keys
        </Button>
      </Stack>
      <Divider />
      <Typography variant="subtitle2">Access token</Typography>
      {token && (
        <>
          <CopyField label="Access Token" value={token.accessToken} multiline />
          <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
            <Typography variant="body2" color="text.secondary">
              Valid for {formatCount(token.expiresIn)} seconds.
            </Typography>
            <Button size="small" color="error" onClick={() => revoke.run({ token: token.accessToken })} disabled={pending}>
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
          error={!!validityError}
          helperText={validityError}
          sx={{ maxWidth: 240 }}
        />
        <Button
          variant="outlined"
          onClick={() => generateToken.run({ ...ids, validitySeconds: validity })}
          disabled={pending && !generateToken.pending}
          loading={generateToken.pending}
          loadingPosition="start"
        >
          {generateToken.pending ? "Generating…" : "Generate Access Token"}
        </Button>
      </Stack>
      <Stack direction="row" spacing={2} sx={{ alignItems: "flex-start" }}>
        <TextField label="Revoke an access token" size="small" value={revokeText} onChange={(e) => setRevokeText(e.target.value)} error={!!revokeError} helperText={revokeError ?? "Paste a token of this application."} />
        <Button color="error" variant="outlined" onClick={() => revoke.run({ token: revokeText })} disabled={pending || !revokeText.trim()}>
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
        pending={regenerate.pending}
        error={regenerate.error}
        onConfirm={() => regenerate.run(ids)}
        onClose={() => {
          setConfirmRegenerate(false);
          regenerate.reset();
        }}
      />
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete the ${keyLabel.toLowerCase()} keys?`}
        text={`The consumer key and secret go, and with them every ${keyLabel.toLowerCase()} access token of this application: the gateway refuses them and closes their open connections. Generate Keys makes new ones.`}
        confirmLabel="Delete keys"
        pending={removeKeys.pending}
        error={removeKeys.error}
        onConfirm={() => removeKeys.run(ids)}
        onClose={() => {
          setConfirmDelete(false);
          removeKeys.reset();
        }}
      />
      {snackbar}
    </Stack>
  );
}
