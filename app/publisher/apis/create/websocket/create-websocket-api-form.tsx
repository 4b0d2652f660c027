"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Link from "next/link";
import { useState } from "react";
import { createApiAction } from "./actions";
import { ApiDesignFields, useApiDesign } from "./api-design-fields";
import { PlanCheckboxes } from "./plan-checkboxes";
import { TagsField } from "@/components/tags-field";
import { useAction } from "@/components/use-action";

export function CreateWebSocketApiForm({ plans, canPublish }: { plans: { name: string; description: string }[]; canPublish: boolean }) {
  const [values, set] = useApiDesign({ name: "", context: "", version: "", endpoint: "", description: "" });
  const [chosenPlans, setChosenPlans] = useState<string[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  // Which button was pressed, so that only it says it is working.
  const [publishing, setPublishing] = useState(false);
  // A success redirects to the new API; only a refusal comes back here.
  const create = useAction(createApiAction);
  const errors = create.state.fieldErrors ?? {};
  const pending = create.pending;

  function submit(publish: boolean) {
    setPublishing(publish);
    create.run({ ...values, tags, plans: chosenPlans, publish });
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
            {create.error && <Alert severity="error">{create.error}</Alert>}
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
              <Button type="submit" variant={publishable ? "outlined" : "contained"} disabled={pending && publishing} loading={pending && !publishing} loadingPosition="start">
                {pending && !publishing ? "Creating…" : "Create"}
              </Button>
              {publishable && (
                <Button variant="contained" disabled={pending && !publishing} loading={pending && publishing} loadingPosition="start" onClick={() => submit(true)}>
                  {pending && publishing ? "Publishing…" : "Create & Publish"}
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
