"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { updateApiInfoAction } from "./actions";
import { SectionCard } from "@/components/section-card";
import { TagsField } from "@/components/tags-field";
import { useAction } from "@/components/use-action";

/** Description and tags: what the Developer Portal shows on the API's card and searches. */
export function ApiInfoForm(props: { apiId: string; initial: { description: string; tags: string[] }; suggestions: string[]; canEdit: boolean }) {
  const router = useRouter();
  const [description, setDescription] = useState(props.initial.description);
  const [tags, setTags] = useState(props.initial.tags);
  const [saved, setSaved] = useState(false);
  const save = useAction(updateApiInfoAction, {
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });

  return (
    <SectionCard title="Basic info">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Shown in the Developer Portal: the description on the API's card and page, the tags as a way to browse and search.
      </Typography>
      <Stack spacing={3} sx={{ maxWidth: 760 }}>
        {save.error && <Alert severity="error">{save.error}</Alert>}
        <TextField
          label="Description"
          multiline
          minRows={3}
          value={description}
          disabled={!props.canEdit}
          onChange={(e) => setDescription(e.target.value)}
          error={!!save.fieldError("description")}
          helperText={save.fieldError("description")}
        />
        {props.canEdit ? (
          <TagsField value={tags} onChange={setTags} error={save.fieldError("tags")} suggestions={props.suggestions} />
        ) : (
          <TextField label="Tags" value={tags.join(", ")} disabled />
        )}
        {props.canEdit && (
          <div>
            <Button variant="contained" onClick={() => save.run({ apiId: props.apiId, description, tags })} disabled={save.pending}>
              {save.pending ? "Saving…" : "Save"}
            </Button>
          </div>
        )}
      </Stack>
      <Snackbar open={saved} autoHideDuration={4000} onClose={() => setSaved(false)} message="Basic info saved" />
    </SectionCard>
  );
}
