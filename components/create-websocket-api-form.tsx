"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Link from "next/link";
import { useState, useTransition } from "react";
import { PlanCheckboxes } from "./plan-checkboxes";
import { TagsField } from "./tags-field";
import { ApiDesignFields, useApiDesign } from "./api-design-fields";
import { createApiAction } from "@/app/publisher/apis/create/websocket/actions";
import type { ActionState } from "@/app/_server/action";

export function CreateWebSocketApiForm({ plans, canPublish }: { plans: { name: string; description: string }[]; canPublish: boolean }) {
  const [values, set] = useApiDesign({ name: "", context: "", version: "", endpoint: "", description: "" });
  const [chosenPlans, setChosenPlans] = useState<string[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const [state, setState] = useState<ActionState>({ ok: false });
  const [pending, startTransition] = useTransition();
  const errors = state.fieldErrors ?? {};

  function submit(publish: boolean) {
    startTransition(async () => {
      const result = await createApiAction({ ...values, tags, plans: chosenPlans, publish });
      setState(result);
    });
  }

  const publishable = canPublish && values.endpoint.trim() !== "" && chosenPlans.length > 0;

  return (
    <Card sx={{ maxWidth: 760 }}>
      <CardContent sx={{ p: 4 }}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit(false);
          }}
        >
          <Stack spacing={3}>
            {state.message && !state.ok && <Alert severity="error">{state.message}</Alert>}
            <ApiDesignFields values={values} set={set} errors={errors} />
            <TextField
              label="Endpoint"
              value={values.endpoint}
              onChange={(e) => set("endpoint", e.target.value)}
              error={!!errors.endpoint}
              helperText={errors.endpoint ?? "The production WebSocket backend, ws:// or wss://"}
              placeholder="ws://localhost:7070"
            />
            <PlanCheckboxes row plans={plans} chosen={chosenPlans} onChange={setChosenPlans} error={errors.plans} />
            <TextField label="Description" multiline minRows={2} value={values.description} onChange={(e) => set("description", e.target.value)} error={!!errors.description} helperText={errors.description} />
            <TagsField value={tags} onChange={setTags} error={errors.tags} />
            <Stack direction="row" spacing={2}>
              <Button type="submit" variant={publishable ? "outlined" : "contained"} disabled={pending}>
                Create
              </Button>
              {publishable && (
                <Button variant="contained" disabled={pending} onClick={() => submit(true)}>
                  Create &amp; Publish
                </Button>
              )}
              <Button component={Link} href="/publisher/apis" color="inherit">
                Cancel
              </Button>
            </Stack>
          </Stack>
        </form>
      </CardContent>
    </Card>
  );
}
