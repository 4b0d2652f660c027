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
import { useState } from "react";
import { generateKeysAction } from "./actions";
import { useAction } from "@/components/use-action";

export interface GeneratedKeys {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  expiresIn: number;
}

/** Generate Keys: the grant types and token validity, then a consumer key and secret and a first token. */
export function GenerateKeysForm(props: { applicationId: string; keyType: "PRODUCTION" | "SANDBOX"; onGenerated: (keys: GeneratedKeys) => void }) {
  const [validity, setValidity] = useState("3600");
  const generate = useAction(generateKeysAction, { onSuccess: (keys) => props.onGenerated(keys) });
  const validityError = generate.fieldError("validitySeconds");
  // A refusal of the validity is said beside the field, not twice.
  const error = validityError ? null : generate.error;

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
        <Button
          variant="contained"
          size="large"
          loading={generate.pending}
          loadingPosition="start"
          onClick={() => generate.run({ applicationId: props.applicationId, keyType: props.keyType, validitySeconds: validity })}
        >
          {generate.pending ? "Generating keys…" : "Generate Keys"}
        </Button>
      </div>
    </Stack>
  );
}
