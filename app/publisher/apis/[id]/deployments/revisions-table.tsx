"use client";
import ArrowDropDownIcon from "@mui/icons-material/ArrowDropDown";
import DeleteOutlineIcon from "@mui/icons-material/DeleteOutlined";
import RestoreIcon from "@mui/icons-material/Restore";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import IconButton from "@mui/material/IconButton";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import type { GridColDef } from "@mui/x-data-grid";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteRevisionAction, deployRevisionAction, restoreRevisionAction } from "./actions";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ListGrid } from "@/components/list-grid";
import { useAction } from "@/components/use-action";
import type { ActionState } from "@/lib/action-state";
import type { Environment } from "@/lib/environments";

export interface RevisionRow {
  id: string;
  number: number;
  description: string;
  created: string;
  createdBy: string;
  topics: string[];
  endpoints: { type: string; url: string }[];
  deployedTo: Environment[];
  matchesWorkingCopy: boolean;
}

type Pending = { kind: "deploy"; row: RevisionRow; environment: Environment; rollback: boolean } | { kind: "restore" | "delete"; row: RevisionRow };

/** The API's revisions, newest first, with what can be done to each: deploy (or roll back) an environment to it, restore it, delete it. */
export function RevisionsTable(props: { apiId: string; revisions: RevisionRow[]; live: Partial<Record<Environment, number>>; environments: readonly Environment[]; canDeploy: boolean; canRestore: boolean }) {
  const router = useRouter();
  const [asking, setAsking] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ anchor: HTMLElement; row: RevisionRow } | null>(null);
  // The confirmed change, whichever of the three it is.
  const change = useAction(
    (p: Pending): Promise<ActionState<unknown>> => {
      const ref = { apiId: props.apiId, revisionId: p.row.id };
      if (p.kind === "deploy") return deployRevisionAction({ ...ref, environment: p.environment });
      return p.kind === "restore" ? restoreRevisionAction(ref) : deleteRevisionAction(ref);
    },
    {
      onSuccess: (_, p) => {
        setAsking(null);
        setDone(
          p.kind === "deploy"
            ? `${p.environment} ${p.rollback ? "rolled back" : "now serves"} to revision ${p.row.number}`
            : p.kind === "restore"
              ? `Revision ${p.row.number} restored to the working copy`
              : `Revision ${p.row.number} deleted`,
        );
        router.refresh();
      },
    },
  );
  const error = change.error;

  function ask(p: Pending) {
    change.reset();
    setAsking(p);
  }

  const columns: GridColDef<RevisionRow>[] = [
    {
      field: "number",
      headerName: "Revision",
      type: "number",
      align: "left",
      headerAlign: "left",
      minWidth: 210,
      flex: 1,
      renderCell: ({ row: r }) => (
        <div>
          <Typography sx={{ fontWeight: 600 }}>Revision {r.number}</Typography>
          {r.matchesWorkingCopy && <Chip size="small" variant="outlined" color="success" label="Same as the working copy" sx={{ mt: 0.5 }} />}
        </div>
      ),
    },
    {
      field: "description",
      headerName: "Description",
      minWidth: 140,
      flex: 1,
      renderCell: ({ row: r }) => r.description || <Typography variant="body2" color="text.secondary">—</Typography>,
    },
    {
      field: "topics",
      headerName: "Topics and endpoints",
      sortable: false,
      minWidth: 220,
      flex: 1.6,
      renderCell: ({ row: r }) => (
        <div>
          <Typography variant="body2">
            {r.topics.map((t) => (
              <code key={t} style={{ marginRight: 8 }}>
                {t}
              </code>
            ))}
          </Typography>
          {r.endpoints.map((e) => (
            <Typography key={e.type} variant="caption" color="text.secondary" component="div">
              {e.type === "PRODUCTION" ? "Production" : "Sandbox"}: <code>{e.url}</code>
            </Typography>
          ))}
        </div>
      ),
    },
    {
      field: "created",
      headerName: "Created",
      minWidth: 170,
      flex: 1,
      // Revisions are numbered in the order they were made.
      valueGetter: (_value, row) => row.number,
      renderCell: ({ row: r }) => (
        <div>
          <Typography variant="body2">{r.created}</Typography>
          <Typography variant="caption" color="text.secondary">
            by {r.createdBy}
          </Typography>
        </div>
      ),
    },
    {
      field: "deployedTo",
      headerName: "Live in",
      sortable: false,
      minWidth: 120,
      flex: 0.8,
      renderCell: ({ row: r }) => (
        <Stack direction="row" useFlexGap sx={{ flexWrap: "wrap", gap: 0.5 }}>
          {r.deployedTo.map((e) => (
            <Chip key={e} size="small" color="primary" label={e} />
          ))}
        </Stack>
      ),
    },
    {
      field: "actions",
      headerName: "Actions",
      sortable: false,
      align: "right",
      headerAlign: "right",
      minWidth: 190,
      flex: 1,
      renderCell: ({ row: r }) => (
        <Stack direction="row" spacing={0.5} sx={{ justifyContent: "flex-end", alignItems: "center", width: "100%" }}>
          {props.canDeploy && r.deployedTo.length < props.environments.length && (
            <Button size="small" variant="outlined" endIcon={<ArrowDropDownIcon />} onClick={(e) => setMenu({ anchor: e.currentTarget, row: r })} aria-label={`Deploy revision ${r.number}`} sx={{ whiteSpace: "nowrap" }}>
              Deploy
            </Button>
          )}
          {props.canRestore && !r.matchesWorkingCopy && (
            <Tooltip title="Restore to the working copy">
              <IconButton size="small" onClick={() => ask({ kind: "restore", row: r })} aria-label={`Restore revision ${r.number} to the working copy`}>
                <RestoreIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          )}
          {props.canDeploy && (
            <Tooltip title={r.deployedTo.length ? `Live in ${r.deployedTo.join(" and ")}: it cannot be deleted` : "Delete this revision"}>
              <span>
                <IconButton size="small" disabled={r.deployedTo.length > 0} onClick={() => ask({ kind: "delete", row: r })} aria-label={`Delete revision ${r.number}`}>
                  <DeleteOutlineIcon fontSize="small" />
                </IconButton>
              </span>
            </Tooltip>
          )}
        </Stack>
      ),
    },
  ];

  const dialog = asking && dialogText(asking);
  return (
    <>
      <ListGrid label="Revisions" rows={props.revisions} columns={columns} emptyText="No revisions yet: Deploy makes the first one." tallRows />
      <Menu anchorEl={menu?.anchor} open={menu !== null} onClose={() => setMenu(null)}>
        {menu &&
          props.environments
            .filter((env) => !menu.row.deployedTo.includes(env))
            .map((env) => {
              const rollback = (props.live[env] ?? 0) > menu.row.number;
              return (
                <MenuItem
                  key={env}
                  onClick={() => {
                    setMenu(null);
                    ask({ kind: "deploy", row: menu.row, environment: env, rollback });
                  }}
                >
                  {rollback ? `Roll back ${env} to it` : `Deploy to ${env}`}
                  <Typography variant="body2" color="text.secondary" sx={{ ml: 2 }}>
                    {props.live[env] ? `now revision ${props.live[env]}` : "not deployed"}
                  </Typography>
                </MenuItem>
              );
            })}
      </Menu>
      {dialog && (
        <ConfirmDialog open title={dialog.title} text={dialog.text} confirmLabel={dialog.confirm} pending={change.pending} error={error} onConfirm={() => change.run(asking)} onClose={() => setAsking(null)} />
      )}
      {error && !asking && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      <Snackbar open={done !== null} autoHideDuration={5000} onClose={() => setDone(null)} message={done} />
    </>
  );
}

function dialogText(p: Pending): { title: string; text: string; confirm: string } {
  const n = p.row.number;
  if (p.kind === "deploy") {
    return p.rollback
      ? { title: `Roll back ${p.environment} to revision ${n}?`, text: `New connections through the ${p.environment} gateway use revision ${n}'s topics and endpoints at once; open connections keep their backend.`, confirm: "Roll back" }
      : { title: `Deploy revision ${n} to ${p.environment}?`, text: `New connections through the ${p.environment} gateway use revision ${n}'s topics and endpoints at once; open connections keep their backend.`, confirm: "Deploy" };
  }
  if (p.kind === "restore") {
    return { title: `Restore revision ${n}?`, text: `The working copy's topics and endpoints become revision ${n}'s; unsaved and undeployed edits are replaced. Nothing live changes until you deploy.`, confirm: "Restore" };
  }
  return { title: `Delete revision ${n}?`, text: `Revision ${n} is not deployed anywhere. Deleted, it cannot be deployed again; the history keeps its number.`, confirm: "Delete" };
}
