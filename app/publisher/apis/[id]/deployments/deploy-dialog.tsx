"use client";
import RocketLaunchIcon from "@mui/icons-material/RocketLaunch";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Checkbox from "@mui/material/Checkbox";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormGroup from "@mui/material/FormGroup";
import FormHelperText from "@mui/material/FormHelperText";
import FormLabel from "@mui/material/FormLabel";
import Snackbar from "@mui/material/Snackbar";
import TextField from "@mui/material/TextField";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deployApiAction } from "./actions";
import { useAction } from "@/components/use-action";
import type { Environment } from "@/lib/environments";

export interface DeployTarget {
  environment: Environment;
  /** What it serves now, in words: "Revision 2" or "Not deployed". */
  live: string;
  /** Checked when the dialog opens: it serves something older than the working copy. */
  suggested: boolean;
}

/** Deploy: a revision of the working copy (or the newest revision, when nothing changed) to the chosen environments. */
export function DeployDialog(props: { apiId: string; targets: DeployTarget[]; newestUnchanged: number | null; nextNumber: number }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Environment[]>([]);
  const [description, setDescription] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const deploy = useAction(deployApiAction, {
    onSuccess: (revision, input) => {
      setOpen(false);
      setDone(`Revision ${revision.number} deployed to ${input.environments.join(" and ")}`);
      router.refresh();
    },
  });
  const environmentsError = deploy.fieldError("environments");
  const descriptionError = deploy.fieldError("description");
  // A refused field is said beside it, not again below.
  const message = environmentsError || descriptionError ? null : deploy.error;

  function start() {
    setChosen(props.targets.filter((t) => t.suggested).map((t) => t.environment));
    setDescription("");
    deploy.reset();
    setOpen(true);
  }

  function toggle(environment: Environment, on: boolean) {
    setChosen((c) => (on ? [...c, environment] : c.filter((e) => e !== environment)));
  }

  return (
    <>
      <Button variant="contained" startIcon={<RocketLaunchIcon />} onClick={start}>
        Deploy
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth aria-labelledby="deploy-title">
        <DialogTitle id="deploy-title">Deploy</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            {props.newestUnchanged !== null
              ? `Nothing changed since revision ${props.newestUnchanged}: it is deployed as it is.`
              : `Makes revision ${props.nextNumber} of the working copy (context, topics, endpoints and their settings) and deploys it. New connections use it at once; open connections keep their backend.`}
          </DialogContentText>
          <FormControl error={!!environmentsError} component="fieldset" variant="standard">
            <FormLabel component="legend">Environments</FormLabel>
            <FormGroup>
              {props.targets.map((t) => (
                <FormControlLabel
                  key={t.environment}
                  control={<Checkbox checked={chosen.includes(t.environment)} onChange={(e) => toggle(t.environment, e.target.checked)} />}
                  label={`${t.environment} (now: ${t.live})`}
                />
              ))}
            </FormGroup>
            {environmentsError && <FormHelperText>{environmentsError}</FormHelperText>}
          </FormControl>
          {props.newestUnchanged === null && (
            <TextField
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              error={!!descriptionError}
              helperText={descriptionError ?? "Optional: what this revision changes, e.g. Room topics"}
              sx={{ mt: 2 }}
            />
          )}
          {message && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {message}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button
            variant="contained"
            onClick={() => deploy.run({ apiId: props.apiId, environments: chosen, description })}
            loading={deploy.pending}
            loadingPosition="start"
          >
            {deploy.pending ? "Deploying…" : "Deploy"}
          </Button>
        </DialogActions>
      </Dialog>
      <Snackbar open={done !== null} autoHideDuration={5000} onClose={() => setDone(null)} message={done} />
    </>
  );
}
