"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Step from "@mui/material/Step";
import StepLabel from "@mui/material/StepLabel";
import Stepper from "@mui/material/Stepper";
import TextField from "@mui/material/TextField";
import Link from "next/link";
import { useState } from "react";
import { createApiAction } from "@/app/publisher/apis/create/websocket/actions";
import { ApiDesignFields, useApiDesign } from "@/app/publisher/apis/create/websocket/api-design-fields";
import { PlanCheckboxes } from "@/app/publisher/apis/create/websocket/plan-checkboxes";
import { TagsField } from "@/components/tags-field";
import { useAction } from "@/components/use-action";

const steps = ["Design", "Implement", "Manage"] as const;
// Which step holds each field, so a refusal opens the step where it can be fixed.
const stepOf: Record<string, number> = { name: 0, context: 0, version: 0, description: 0, tags: 0, endpoint: 1, sandboxEndpoint: 1, plans: 2 };

/** The guided Create API flow: Design → Implement → Manage, then Save or Save & Publish. */
export function CreateApiStepper({ plans, canPublish }: { plans: { name: string; limit: string }[]; canPublish: boolean }) {
  const [step, setStep] = useState(0);
  const [values, set] = useApiDesign({ name: "", context: "", version: "", description: "", endpoint: "", sandboxEndpoint: "" });
  const [chosen, setChosen] = useState<string[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  // The Design step's own checks, made before moving on; the server checks everything on save.
  const [designErrors, setDesignErrors] = useState<Record<string, string>>({});
  // The server's refusals of Design fields are replaced by the step's own checks once Next is pressed again.
  const [designRechecked, setDesignRechecked] = useState(false);
  const [publishing, setPublishing] = useState(false);
  // A success redirects to the new API; a refusal opens the first step with a refused field.
  const create = useAction(async (input: Parameters<typeof createApiAction>[0]) => {
    const result = await createApiAction(input);
    const fieldSteps = Object.keys(result.fieldErrors ?? {}).map((f) => stepOf[f]).filter((s) => s !== undefined);
    if (fieldSteps.length) setStep(Math.min(...fieldSteps));
    setDesignRechecked(false);
    setDesignErrors({});
    return result;
  });
  const pending = create.pending;
  const serverErrors = Object.fromEntries(Object.entries(create.state.fieldErrors ?? {}).filter(([f]) => !designRechecked || stepOf[f] !== 0));
  const errors = { ...serverErrors, ...designErrors };
  const message = create.error;

  function next() {
    // The required fields of Design, before moving on; the server checks everything on save.
    if (step === 0) {
      const missing: Record<string, string> = {};
      if (!values.name.trim()) missing.name = "Name is required.";
      if (!values.context.trim()) missing.context = "Context is required.";
      if (!values.version.trim()) missing.version = "Version is required.";
      // Keep the server's messages for later steps: the user fixes them there.
      setDesignErrors(missing);
      setDesignRechecked(true);
      if (Object.keys(missing).length) return;
    }
    setStep((s) => s + 1);
  }

  function submit(publish: boolean) {
    setPublishing(publish);
    create.run({ ...values, tags, plans: chosen, publish });
  }

  const publishable = canPublish && values.endpoint.trim() !== "" && chosen.length > 0;
  const last = step === steps.length - 1;

  return (
    <Card sx={{ maxWidth: 860 }}>
      <CardContent sx={{ p: 4 }}>
        <Stepper activeStep={step} sx={{ mb: 4 }}>
          {steps.map((label, i) => (
            <Step key={label} completed={i < step}>
              <StepLabel error={Object.keys(errors).some((f) => stepOf[f] === i)}>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>
        <Stack spacing={3}>
          {message && <Alert severity="error">{message}</Alert>}
          {step === 0 && (
            <>
              <ApiDesignFields values={values} set={set} errors={errors} />
              <TextField label="Description" multiline minRows={2} value={values.description} onChange={(e) => set("description", e.target.value)} error={!!errors.description} helperText={errors.description} />
              <TagsField value={tags} onChange={setTags} error={errors.tags} />
            </>
          )}
          {step === 1 && (
            <>
              <TextField
                label="Production endpoint"
                value={values.endpoint}
                placeholder="ws://localhost:7070"
                onChange={(e) => set("endpoint", e.target.value)}
                error={!!errors.endpoint}
                helperText={errors.endpoint ?? "The WebSocket backend for production keys: ws:// or wss://. Needed to publish."}
              />
              <TextField
                label="Sandbox endpoint"
                value={values.sandboxEndpoint}
                placeholder="ws://localhost:7071"
                onChange={(e) => set("sandboxEndpoint", e.target.value)}
                error={!!errors.sandboxEndpoint}
                helperText={errors.sandboxEndpoint ?? "Optional: the backend for sandbox keys."}
              />
            </>
          )}
          {step === 2 && (
            <PlanCheckboxes plans={plans} chosen={chosen} onChange={setChosen} error={errors.plans} />
          )}
          <Stack direction="row" spacing={2}>
            {step > 0 && (
              <Button onClick={() => setStep((s) => s - 1)} disabled={pending}>
                Back
              </Button>
            )}
            {!last && (
              <Button variant="contained" onClick={next}>
                Next
              </Button>
            )}
            {last && (
              <Button variant={publishable ? "outlined" : "contained"} onClick={() => submit(false)} disabled={pending && publishing} loading={pending && !publishing} loadingPosition="start">
                {pending && !publishing ? "Saving…" : "Save"}
              </Button>
            )}
            {last && publishable && (
              <Button variant="contained" onClick={() => submit(true)} disabled={pending && !publishing} loading={pending && publishing} loadingPosition="start">
                {pending && publishing ? "Publishing…" : "Save & Publish"}
              </Button>
            )}
            <Button component={Link} href="/publisher/apis" color="inherit">
              Cancel
            </Button>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}
