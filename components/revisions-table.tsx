"use client";
import ArrowDropDownIcon from "@mui/icons-material/ArrowDropDown";
import DeleteOutlineIcon from "@mui/icons-material/DeleteOutlined";
import RestoreIcon from "@mui/icons-material/Restore";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import IconButton from "@mui/material/IconButton";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteRevisionAction, deployRevisionAction, restoreRevisionAction } from "@/app/publisher/apis/[id]/deployments/actions";
import { ConfirmDialog } from "@/components/confirm-dialog";
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
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [menu, setMenu] = useState<{ anchor: HTMLElement; row: RevisionRow } | null>(null);

  function ask(p: Pending) {
    setError(null);
    setAsking(p);
  }

  function confirm() {
    if (!asking) return;
    const p = asking;
    startTransition(async () => {
      const ref = { apiId: props.apiId, revisionId: p.row.id };
      const result =
        p.kind === "deploy"
          ? await deployRevisionAction({ ...ref, environment: p.environment })
          : p.kind === "restore"
            ? await restoreRevisionAction(ref)
            : await deleteRevisionAction(ref);
      if (!result.ok) return setError(result.message ?? "That did not work.");
      setAsking(null);
      setDone(
        p.kind === "deploy"
          ? `${p.environment} ${p.rollback ? "rolled back" : "now serves"} to revision ${p.row.number}`
          : p.kind === "restore"
            ? `Revision ${p.row.number} restored to the working copy`
            : `Revision ${p.row.number} deleted`,
      );
      router.refresh();
    });
  }

  const dialog = asking && dialogText(asking);
  return (
    <>
      <Box sx={{ overflowX: "auto" }}>
        <Table size="small" aria-label="Revisions">
          <TableHead>
            <TableRow>
              <TableCell>Revision</TableCell>
              <TableCell>Description</TableCell>
              <TableCell>Topics and endpoints</TableCell>
              <TableCell>Created</TableCell>
              <TableCell>Live in</TableCell>
              <TableCell align="right">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.revisions.map((r) => (
              <TableRow key={r.id} aria-label={`Revision ${r.number}`}>
                <TableCell sx={{ whiteSpace: "nowrap" }}>
                  <Typography sx={{ fontWeight: 600 }}>Revision {r.number}</Typography>
                  {r.matchesWorkingCopy && <Chip size="small" variant="outlined" color="success" label="Same as the working copy" sx={{ mt: 0.5 }} />}
                </TableCell>
                <TableCell>{r.description || <Typography variant="body2" color="text.secondary">—</Typography>}</TableCell>
                <TableCell>
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
                </TableCell>
                <TableCell sx={{ whiteSpace: "nowrap" }}>
                  <Typography variant="body2">{r.created}</Typography>
                  <Typography variant="caption" color="text.secondary">
                    by {r.createdBy}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Stack direction="row" useFlexGap sx={{ flexWrap: "wrap", gap: 0.5 }}>
                    {r.deployedTo.map((e) => (
                      <Chip key={e} size="small" color="primary" label={e} />
                    ))}
                  </Stack>
                </TableCell>
                <TableCell align="right">
                  <Stack direction="row" spacing={0.5} sx={{ justifyContent: "flex-end", alignItems: "center" }}>
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
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
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
        <ConfirmDialog open title={dialog.title} text={dialog.text} confirmLabel={dialog.confirm} pending={pending} error={error} onConfirm={confirm} onClose={() => setAsking(null)} />
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
