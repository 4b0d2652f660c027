"use client";
import AddIcon from "@mui/icons-material/Add";
import DeleteOutlineIcon from "@mui/icons-material/DeleteOutlined";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Checkbox from "@mui/material/Checkbox";
import Chip from "@mui/material/Chip";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormGroup from "@mui/material/FormGroup";
import FormHelperText from "@mui/material/FormHelperText";
import FormLabel from "@mui/material/FormLabel";
import IconButton from "@mui/material/IconButton";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import type { GridColDef } from "@mui/x-data-grid";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveTopicsAction } from "./actions";
import { ListGrid } from "@/components/list-grid";
import { SectionCard } from "@/components/section-card";
import { useAction } from "@/components/use-action";
import { ZTopic, topicShape } from "@/lib/topic-name";

interface TopicRow {
  name: string;
  publish: boolean;
  subscribe: boolean;
  urlMapping: string;
  description: string;
}

const blank: TopicRow = { name: "", publish: true, subscribe: true, urlMapping: "", description: "" };

/** The Topics tab: add topics to a local list, delete them, then Save the list. */
export function TopicsEditor({ apiId, initial, canEdit }: { apiId: string; initial: TopicRow[]; canEdit: boolean }) {
  const router = useRouter();
  const [topics, setTopics] = useState(initial);
  const [draft, setDraft] = useState(blank);
  const [draftErrors, setDraftErrors] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useAction(saveTopicsAction, {
    onSuccess: () => {
      setDirty(false);
      setSaved(true);
      router.refresh();
    },
  });
  const error = save.error;

  function add() {
    const parsed = ZTopic.safeParse(draft);
    const errors: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    else {
      const same = topics.find((t) => topicShape(t.name) === topicShape(parsed.data.name));
      if (same) errors.name = same.name === parsed.data.name ? `The topic ${same.name} is already listed.` : `${parsed.data.name} matches the same paths as ${same.name}.`;
    }
    setDraftErrors(errors);
    if (!parsed.success || Object.keys(errors).length) return;
    const t = parsed.data;
    setTopics((list) => [...list, { ...t, urlMapping: t.urlMapping ?? "" }].sort((a, b) => a.name.localeCompare(b.name)));
    setDraft(blank);
    setDirty(true);
  }

  const columns: GridColDef<TopicRow>[] = [
    { field: "name", headerName: "Topic", minWidth: 180, flex: 1.2, renderCell: ({ row: t }) => <code>{t.name}</code> },
    {
      field: "types",
      headerName: "Types",
      sortable: false,
      minWidth: 170,
      flex: 1,
      renderCell: ({ row: t }) => (
        <Stack direction="row" spacing={0.5}>
          {t.publish && <Chip size="small" label="Publish" color="primary" variant="outlined" />}
          {t.subscribe && <Chip size="small" label="Subscribe" color="secondary" variant="outlined" />}
        </Stack>
      ),
    },
    {
      field: "urlMapping",
      headerName: "URL Mapping",
      minWidth: 160,
      flex: 1,
      renderCell: ({ row: t }) => (t.urlMapping ? <code>{t.urlMapping}</code> : <Typography variant="body2" color="text.secondary">—</Typography>),
    },
    { field: "description", headerName: "Description", minWidth: 160, flex: 1.4 },
    ...(canEdit
      ? [
          {
            field: "delete",
            headerName: "",
            sortable: false,
            width: 64,
            align: "right",
            renderCell: ({ row: t }) => (
              <IconButton
                aria-label={`Delete topic ${t.name}`}
                onClick={() => {
                  setTopics((list) => list.filter((x) => x.name !== t.name));
                  setDirty(true);
                }}
              >
                <DeleteOutlineIcon />
              </IconButton>
            ),
          } satisfies GridColDef<TopicRow>,
        ]
      : []),
  ];

  return (
    <Stack spacing={2}>
      {canEdit && (
        <SectionCard title="Add a topic">
          <Stack spacing={2} sx={{ mt: 1 }}>
            <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ alignItems: "flex-start" }}>
              <FormControl error={!!draftErrors.types} component="fieldset" sx={{ minWidth: 220 }}>
                <FormLabel component="legend">Types</FormLabel>
                <FormGroup row>
                  <FormControlLabel label="Publish" control={<Checkbox checked={draft.publish} onChange={(e) => setDraft({ ...draft, publish: e.target.checked })} />} />
                  <FormControlLabel label="Subscribe" control={<Checkbox checked={draft.subscribe} onChange={(e) => setDraft({ ...draft, subscribe: e.target.checked })} />} />
                </FormGroup>
                <FormHelperText>{draftErrors.types ?? "Publish: clients send on it. Subscribe: clients receive on it. The gateway holds messages to these."}</FormHelperText>
              </FormControl>
              <TextField
                label="Topic name"
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                error={!!draftErrors.name}
                helperText={draftErrors.name ?? "A path under the API, such as /rooms/{roomId}; /* takes every path"}
                sx={{ flex: 1 }}
              />
              <TextField
                label="URL Mapping"
                value={draft.urlMapping}
                onChange={(e) => setDraft({ ...draft, urlMapping: e.target.value })}
                error={!!draftErrors.urlMapping}
                helperText={draftErrors.urlMapping ?? "Optional: appended to the endpoint URL, may use the topic's {parameters}"}
                sx={{ flex: 1 }}
              />
            </Stack>
            <Stack direction="row" spacing={2} sx={{ alignItems: "flex-start" }}>
              <TextField
                label="Topic description"
                value={draft.description}
                onChange={(e) => setDraft({ ...draft, description: e.target.value })}
                error={!!draftErrors.description}
                helperText={draftErrors.description}
                sx={{ flex: 1 }}
              />
              <Button variant="outlined" startIcon={<AddIcon />} onClick={add} sx={{ mt: 1 }}>
                Add topic
              </Button>
            </Stack>
          </Stack>
        </SectionCard>
      )}
      <SectionCard title={`Topics (${topics.length})`}>
        {error && (
          <Alert severity="error" sx={{ my: 1 }}>
            {error}
          </Alert>
        )}
        {!canEdit && (
          <Alert severity="info" sx={{ my: 1 }}>
            Changing topics needs the creator role.
          </Alert>
        )}
        {topics.length === 0 ? (
          <Typography color="text.secondary" sx={{ my: 2 }}>
            No topics: clients reach nothing. Add /* to pass every path to the endpoint.
          </Typography>
        ) : (
          <ListGrid label="Topics" rows={topics} columns={columns} getRowId={(t) => t.name} emptyText="No topics." />
        )}
        {canEdit && (
          <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: "center" }}>
            <Button variant="contained" onClick={() => save.run({ apiId, topics })} disabled={!dirty} loading={save.pending} loadingPosition="start">
              {save.pending ? "Saving…" : "Save"}
            </Button>
            {dirty && (
              <Typography variant="body2" color="text.secondary">
                Unsaved changes
              </Typography>
            )}
          </Stack>
        )}
      </SectionCard>
      <Snackbar open={saved} autoHideDuration={4000} onClose={() => setSaved(false)} message="Topics saved" />
    </Stack>
  );
}
