"use client";
// Name, Context and Version of a new API: the fields both Create API flows begin with.
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState } from "react";

interface Design {
  name: string;
  context: string;
  version: string;
}

/** The form's values and a setter; like WSO2, the context follows the name until the user edits it. */
export function useApiDesign<T extends Design>(initial: T): [T, (field: keyof T & string, value: string) => void] {
  const [values, setValues] = useState(initial);
  const [contextTouched, setContextTouched] = useState(false);
  function set(field: keyof T & string, value: string) {
    if (field === "context") setContextTouched(true);
    setValues((v) => {
      const next = { ...v, [field]: value };
      if (field === "name" && !contextTouched) next.context = value ? `/${value.toLowerCase().replace(/[^a-z0-9_.-]+/g, "")}` : "";
      return next;
    });
  }
  return [values, set];
}

export function ApiDesignFields(props: { values: Design; set: (field: keyof Design, value: string) => void; errors: Record<string, string | undefined> }) {
  const { values, set, errors } = props;
  return (
    <>
      <TextField label="Name" required value={values.name} onChange={(e) => set("name", e.target.value)} error={!!errors.name} helperText={errors.name ?? "For example EchoWebSocket"} />
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
        <TextField
          label="Context"
          required
          value={values.context}
          onChange={(e) => set("context", e.target.value)}
          error={!!errors.context}
          helperText={errors.context ?? "The API's path on the gateway, such as /echowebsocket; may hold {version} once"}
          sx={{ flex: 1 }}
        />
        <TextField label="Version" required value={values.version} onChange={(e) => set("version", e.target.value)} error={!!errors.version} helperText={errors.version ?? "For example 1.0"} sx={{ width: { sm: 220 } }} />
      </Stack>
    </>
  );
}
