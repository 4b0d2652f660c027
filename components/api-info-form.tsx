"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { updateApiInfoAction } from "@/app/publisher/apis/[id]/info/actions";
import { SectionCard } from "./section-card";
import { TagsField } from "./tags-field";

/** Description and tags: what the Developer Portal shows on the API's card and searches. */
export function ApiInfoForm(props: { apiId: string; initial: { description: string; tags: string[] }; suggestions: string[]; canEdit: boolean }) {
  const router = useRouter();
  const [description, setDescription] = useState(props.initial.description);
  const [tags, setTags] = useState(props.initial.tags);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();

  function save() {
    startTransition(async () => {
      const result = await updateApiInfoAction({ apiId: props.apiId, description, tags });
      setErrors(result.fieldErrors ?? {});
      setMessage(result.ok ? null : (result.message ?? "The changes could not be saved."));
      if (!result.ok) return;
      setSaved(true);
      router.refresh();
    });
  }

  return (
    <SectionCard title="Basic info">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Shown in the Developer Portal: the description on the API's card and page, the tags as a way to browse and search.
      </Typography>
      <Stack spacing={3} sx={{ maxWidth: 760 }}>
        {message && <Alert severity="error">{message}</Alert>}
        <TextField
          label="Description"
          multiline
          minRows={3}
          value={description}
          disabled={!props.canEdit}
          onChange={(e) => setDescription(e.target.value)}
          error={!!errors.description}
          helperText={errors.description}
        />
        {props.canEdit ? (
          <TagsField value={tags} onChange={setTags} error={errors.tags} suggestions={props.suggestions} />
        ) : (
          <TextField label="Tags" value={tags.join(", ")} disabled />
        )}
        {props.canEdit && (
          <div>
            <Button variant="contained" onClick={save} disabled={pending}>
              Save
            </Button>
          </div>
        )}
      </Stack>
      <Snackbar open={saved} autoHideDuration={4000} onClose={() => setSaved(false)} message="Basic info saved" />
    </SectionCard>
  );
}
