"use client";
import { yaml } from "@codemirror/lang-yaml";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import CodeMirror from "@uiw/react-codemirror";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveDefinitionAction } from "@/app/publisher/apis/[id]/asyncapi/actions";
import type { DefinitionError } from "@/lib/asyncapi";
import { DefinitionErrors } from "./definition-errors";

/** The AsyncAPI definition in an editor; Save validates it and applies its channels to the topics. */
export function AsyncApiEditor({ apiId, initial, canEdit }: { apiId: string; initial: string; canEdit: boolean }) {
  const router = useRouter();
  const [text, setText] = useState(initial);
  const [errors, setErrors] = useState<DefinitionError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();

  function save() {
    startTransition(async () => {
      const result = await saveDefinitionAction({ apiId, text });
      if (!result.ok) {
        setMessage(result.message ?? "The definition could not be saved.");
        setErrors([]);
      } else if (result.data && result.data.errors.length > 0) {
        setMessage("The definition is not valid: nothing was saved.");
        setErrors(result.data.errors);
      } else {
        setMessage(null);
        setErrors([]);
        setSaved(true);
        router.refresh();
      }
    });
  }

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1}>
        {canEdit && (
          <Button variant="contained" onClick={save} disabled={pending || text === initial}>
            Save
          </Button>
        )}
        <Button variant="outlined" href={`/publisher/apis/${apiId}/asyncapi/download?format=yaml`}>
          Download YAML
        </Button>
        <Button variant="outlined" href={`/publisher/apis/${apiId}/asyncapi/download?format=json`}>
          Download JSON
        </Button>
      </Stack>
      {message && <DefinitionErrors message={message} errors={errors} />}
      <Box sx={{ border: 1, borderColor: "divider", borderRadius: 2, overflow: "hidden" }} aria-label="AsyncAPI definition editor">
        <CodeMirror value={text} height="560px" extensions={[yaml()]} editable={canEdit} onChange={setText} basicSetup={{ lineNumbers: true, foldGutter: true }} />
      </Box>
      <Snackbar open={saved} autoHideDuration={4000} onClose={() => setSaved(false)} message="Definition saved: topics updated" />
    </Stack>
  );
}
