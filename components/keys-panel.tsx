"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, useTransition } from "react";
import { generateAccessTokenAction, generateKeysAction } from "@/app/devportal/applications/[id]/actions";
import { CopyField } from "./copy-field";

type KeyType = "PRODUCTION" | "SANDBOX";

interface Generated {
  consumerKey: string;
  consumerSecret?: string;
  accessToken: string;
  expiresIn: number;
}

/** Generate Keys, then the consumer key, the secret (once), an access token and the curl call. */
export function KeysPanel(props: { applicationId: string; keyType: KeyType; existingConsumerKey: string | null; tokenEndpoint: string }) {
  const [validity, setValidity] = useState("3600");
  const [generated, setGenerated] = useState<Generated | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [validityError, setValidityError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const consumerKey = generated?.consumerKey ?? props.existingConsumerKey;

  function generateKeys() {
    startTransition(async () => {
      const result = await generateKeysAction({ applicationId: props.applicationId, keyType: props.keyType, validitySeconds: validity });
      if (result.ok && result.data) {
        setGenerated(result.data);
        setError(null);
        setValidityError(null);
      } else {
        setValidityError(result.fieldErrors?.validitySeconds ?? null);
        setError(result.fieldErrors?.validitySeconds ? null : (result.message ?? "Keys could not be generated."));
      }
    });
  }

  function generateToken() {
    startTransition(async () => {
      const result = await generateAccessTokenAction({ applicationId: props.applicationId, keyType: props.keyType });
      if (result.ok && result.data && consumerKey) {
        setGenerated((g) => ({ consumerKey, consumerSecret: g?.consumerSecret, ...result.data! }));
        setError(null);
      } else setError(result.message ?? "No token could be generated.");
    });
  }

  if (!consumerKey) {
    return (
      <Stack spacing={2} sx={{ maxWidth: 560 }}>
        {error && <Alert severity="error">{error}</Alert>}
        <Typography color="text.secondary">
          This application has no {props.keyType === "PRODUCTION" ? "production" : "sandbox"} keys yet. Generate a consumer key and secret for the client
          credentials grant, and a first access token.
        </Typography>
        <TextField label="Access token validity period (seconds)" type="number" value={validity} onChange={(e) => setValidity(e.target.value)} error={!!validityError} helperText={validityError ?? "How long each access token lasts."} />
        <div>
          <Button variant="contained" size="large" onClick={generateKeys} disabled={pending}>
            Generate Keys
          </Button>
        </div>
      </Stack>
    );
  }

  const curl = `curl -k -X POST ${props.tokenEndpoint} \\\n  -d "grant_type=client_credentials" \\\n  -H "Authorization: Basic $(printf '%s' '${consumerKey}:<consumer secret>' | base64 -w0)"`;
  return (
    <Stack spacing={2} sx={{ maxWidth: 860 }}>
      {error && <Alert severity="error">{error}</Alert>}
      <CopyField label="Consumer Key" value={consumerKey} />
      {generated?.consumerSecret ? (
        <>
          <CopyField label="Consumer Secret" value={generated.consumerSecret} />
          <Alert severity="warning">Copy the consumer secret now: it is shown only once. Duplex keeps only a hash of it.</Alert>
        </>
      ) : (
        <Typography variant="body2" color="text.secondary">
          The consumer secret was shown once, when the keys were generated.
        </Typography>
      )}
      {generated?.accessToken && (
        <>
          <CopyField label="Access Token" value={generated.accessToken} multiline />
          <Typography variant="body2" color="text.secondary">
            Valid for {generated.expiresIn.toLocaleString("en-US")} seconds.
          </Typography>
        </>
      )}
      <div>
        <Button variant="outlined" onClick={generateToken} disabled={pending}>
          Generate Access Token
        </Button>
      </div>
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        Get a token with cURL
      </Typography>
      <CopyField label="cURL" value={curl} multiline />
    </Stack>
  );
}
