"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Checkbox from "@mui/material/Checkbox";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormGroup from "@mui/material/FormGroup";
import FormLabel from "@mui/material/FormLabel";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, useTransition } from "react";
import { generateKeysAction } from "@/app/devportal/applications/[id]/actions";

export interface GeneratedKeys {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  expiresIn: number;
}

/** Generate Keys: the grant types and token validity, then a consumer key and secret and a first token. */
export function GenerateKeysForm(props: { applicationId: string; keyType: "PRODUCTION" | "SANDBOX"; onGenerated: (keys: GeneratedKeys) => void }) {
  const [validity, setValidity] = useState("3600");
  const [error, setError] = useState<string | null>(null);
  const [validityError, setValidityError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function generate() {
    startTransition(async () => {
      const result = await generateKeysAction({ applicationId: props.applicationId, keyType: props.keyType, validitySeconds: validity });
      if (result.ok && result.data) props.onGenerated(result.data);
      else {
        setValidityError(result.fieldErrors?.validitySeconds ?? null);
        setError(result.fieldErrors?.validitySeconds ? null : (result.message ?? "Keys could not be generated."));
      }
    });
  }

  return (
    <Stack spacing={2} sx={{ maxWidth: 560 }}>
      {error && <Alert severity="error">{error}</Alert>}
      <Typography color="text.secondary">
        This application has no {props.keyType === "PRODUCTION" ? "production" : "sandbox"} keys yet. Generate a consumer key and secret, and a first
        access token.
      </Typography>
      <div>
        <FormLabel component="legend">Grant types</FormLabel>
        <FormGroup>
          {/* The one grant a machine client needs; others (password, refresh) are not offered. */}
          <FormControlLabel control={<Checkbox checked disabled />} label="Client Credentials" />
        </FormGroup>
      </div>
      <TextField
        label="Access token validity period (seconds)"
        type="number"
        value={validity}
        onChange={(e) => setValidity(e.target.value)}
        error={!!validityError}
        helperText={validityError ?? "How long each access token lasts."}
      />
      <div>
        <Button variant="contained" size="large" onClick={generate} disabled={pending}>
          Generate Keys
        </Button>
      </div>
    </Stack>
  );
}
