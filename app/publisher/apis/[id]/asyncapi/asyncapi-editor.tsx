"use client";
import { yaml } from "@codemirror/lang-yaml";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import { EditorView } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { saveDefinitionAction } from "./actions";
import { useCspNonce } from "@/components/csp-nonce";
import { DefinitionErrors } from "@/components/definition-errors";
import { DownloadMenu } from "@/components/definition-download-menu";
import { useAction } from "@/components/use-action";

/** The AsyncAPI definition in an editor (2.6, as Duplex keeps it); Save validates it and applies its channels to the topics. */
export function AsyncApiEditor({ apiId, initial, canEdit }: { apiId: string; initial: string; canEdit: boolean }) {
  const router = useRouter();
  const [text, setText] = useState(initial);
  const nonce = useCspNonce();
  // CodeMirror writes its own style element: it needs the page's nonce to be applied.
  const extensions = useMemo(() => [yaml(), ...(nonce ? [EditorView.cspNonce.of(nonce)] : [])], [nonce]);
  const [saved, setSaved] = useState(false);
  const save = useAction(saveDefinitionAction, {
    onSuccess: (result) => {
      if (result.errors.length > 0) return;
      setSaved(true);
      router.refresh();
    },
  });
  // An invalid definition is an answer, not a refusal: the action returns its errors and saves nothing.
  const errors = save.state.ok ? (save.state.data?.errors ?? []) : [];
  const message = save.error ?? (errors.length > 0 ? "The definition is not valid: nothing was saved." : null);

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1}>
        {canEdit && (
          <Button variant="contained" onClick={() => save.run({ apiId, text })} disabled={text === initial} loading={save.pending} loadingPosition="start">
            {save.pending ? "Saving…" : "Save"}
          </Button>
        )}
        <DownloadMenu href={`/publisher/apis/${apiId}/asyncapi/download`} />
      </Stack>
      {message && <DefinitionErrors message={message} errors={errors} />}
      <Box sx={{ border: 1, borderColor: "divider", borderRadius: 2, overflow: "hidden" }} aria-label="AsyncAPI definition editor">
        <CodeMirror value={text} height="560px" extensions={extensions} editable={canEdit} onChange={setText} basicSetup={{ lineNumbers: true, foldGutter: true }} />
      </Box>
      <Snackbar open={saved} autoHideDuration={4000} onClose={() => setSaved(false)} message="Definition saved: topics updated" />
    </Stack>
  );
}
