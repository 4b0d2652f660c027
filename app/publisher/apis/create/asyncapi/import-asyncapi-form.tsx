"use client";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState } from "react";
import { importDefinitionAction } from "./actions";
import { DefinitionErrors } from "@/components/definition-errors";
import { useAction } from "@/components/use-action";

/** Import AsyncAPI: a file or pasted text (2.x or 3.0), a context and an endpoint. */
export function ImportAsyncApiForm() {
  const [text, setText] = useState("");
  const [context, setContext] = useState("");
  const [endpoint, setEndpoint] = useState("");
  // A valid definition redirects to the new API; an invalid one comes back with its errors.
  const importing = useAction(importDefinitionAction);
  const errors = importing.state.ok ? (importing.state.data?.errors ?? []) : [];
  const message = importing.error ?? (errors.length ? "The definition is not valid: no API was created." : null);

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
            error={!!importing.fieldError("text")}
            helperText={importing.fieldError("text") ?? "AsyncAPI 2.x or 3.0, YAML or JSON. The API takes its name, version and description from info; its topics from the channels."}
            slotProps={{ htmlInput: { style: { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", fontSize: 13 } } }}
          />
          <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
            <TextField label="Context" required value={context} onChange={(e) => setContext(e.target.value)} error={!!importing.fieldError("context")} helperText={importing.fieldError("context") ?? "Such as /stocks"} />
            <TextField label="Endpoint" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} error={!!importing.fieldError("endpoint")} helperText={importing.fieldError("endpoint") ?? "ws:// or wss:// (can be set later)"} />
          </Stack>
          <div>
            <Button
              variant="contained"
              onClick={() => importing.run({ text, context, endpoint })}
              disabled={!text.trim()}
              loading={importing.pending}
              loadingPosition="start"
            >
              {importing.pending ? "Importing…" : "Import"}
            </Button>
          </div>
        </Stack>
      </CardContent>
    </Card>
  );
}
