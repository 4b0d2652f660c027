"use client";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState, useTransition } from "react";
import { importDefinitionAction } from "@/app/publisher/apis/create/asyncapi/actions";
import type { DefinitionError } from "@/lib/asyncapi";
import { DefinitionErrors } from "./definition-errors";

/** Import AsyncAPI: a file or pasted text (2.x or 3.0), a context and an endpoint. */
export function ImportAsyncApiForm() {
  const [text, setText] = useState("");
  const [context, setContext] = useState("");
  const [endpoint, setEndpoint] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<DefinitionError[]>([]);
  const [pending, startTransition] = useTransition();

  function submit() {
    startTransition(async () => {
      const result = await importDefinitionAction({ text, context, endpoint });
      setFieldErrors(result.fieldErrors ?? {});
      const definitionErrors = result.data?.errors ?? [];
      setErrors(definitionErrors);
      setMessage(!result.ok ? (result.message ?? null) : definitionErrors.length ? "The definition is not valid: no API was created." : null);
    });
  }

  return (
    <Card sx={{ maxWidth: 900 }}>
      <CardContent sx={{ p: 4 }}>
        <Stack spacing={3}>
          {message && <DefinitionErrors message={message} errors={errors} />}
          <div>
            <Button variant="outlined" component="label">
              Choose a file
              <input
                hidden
                type="file"
                accept=".yaml,.yml,.json,application/json,application/yaml"
                aria-label="AsyncAPI file"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (file) setText(await file.text());
                }}
              />
            </Button>
          </div>
          <TextField
            label="AsyncAPI definition"
            multiline
            minRows={12}
            maxRows={24}
            value={text}
            onChange={(e) => setText(e.target.value)}
            error={!!fieldErrors.text}
            helperText={fieldErrors.text ?? "AsyncAPI 2.x or 3.0, YAML or JSON. The API takes its name, version and description from info; its topics from the channels."}
            slotProps={{ htmlInput: { style: { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", fontSize: 13 } } }}
          />
          <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
            <TextField label="Context" required value={context} onChange={(e) => setContext(e.target.value)} error={!!fieldErrors.context} helperText={fieldErrors.context ?? "Such as /stocks"} />
            <TextField label="Endpoint" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} error={!!fieldErrors.endpoint} helperText={fieldErrors.endpoint ?? "ws:// or wss:// (can be set later)"} />
          </Stack>
          <div>
            <Button variant="contained" onClick={submit} disabled={pending || !text.trim()}>
              Import
            </Button>
          </div>
        </Stack>
      </CardContent>
    </Card>
  );
}
