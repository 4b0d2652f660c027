"use client";
import CheckCircleIcon from "@mui/icons-material/CheckCircle";
import CloudOffIcon from "@mui/icons-material/CloudOff";
import DnsIcon from "@mui/icons-material/Dns";
import WarningAmberIcon from "@mui/icons-material/WarningAmber";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardActions from "@mui/material/CardActions";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { undeployAction } from "./actions";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyField } from "@/components/copy-field";
import { useAction } from "@/components/use-action";
import type { Environment } from "@/lib/environments";

export interface EnvironmentCardProps {
  apiId: string;
  environment: Environment;
  description: string;
  urls: { ws: string; wss: string | null };
  live: { revisionNumber: number; deployedAt: string; deployedBy: string; upToDate: boolean } | null;
  /** Why the gateway does not serve the deployed revision now (the lifecycle state), or null. */
  notServed: string | null;
  canDeploy: boolean;
}

/** One gateway environment: the revision live there, since when and by whom, and where clients connect. */
export function EnvironmentCard(props: EnvironmentCardProps) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const undeploy = useAction(undeployAction, {
    onSuccess: () => {
      setConfirming(false);
      router.refresh();
    },
  });
  const { live } = props;

  return (
    <Card component="section" aria-label={`${props.environment} environment`} sx={{ height: "100%", display: "flex", flexDirection: "column" }}>
      <CardContent sx={{ flex: 1 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: "center", mb: 0.5 }}>
          <DnsIcon color={live ? "primary" : "disabled"} />
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            {props.environment}
          </Typography>
          {live &&
            (live.upToDate ? (
              <Chip size="small" icon={<CheckCircleIcon />} color="success" variant="outlined" label="Serves the working copy" />
            ) : (
              <Chip size="small" icon={<WarningAmberIcon />} color="warning" label="Undeployed changes" />
            ))}
          {live ? <Chip label={`Revision ${live.revisionNumber}`} color="primary" /> : <Chip icon={<CloudOffIcon />} label="Not deployed" variant="outlined" />}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {props.description}
        </Typography>
        {live ? (
          <Typography variant="body2" sx={{ mb: 2 }}>
            Deployed {live.deployedAt} by <strong>{live.deployedBy}</strong>
          </Typography>
        ) : (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            The {props.environment} gateway answers 404 for this API until a revision is deployed here.
          </Typography>
        )}
        {props.notServed && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {props.notServed}
          </Alert>
        )}
        <Stack spacing={1.5}>
          <CopyField label={`${props.environment} URL (ws)`} value={props.urls.ws} />
          {props.urls.wss && <CopyField label={`${props.environment} URL (wss)`} value={props.urls.wss} />}
        </Stack>
      </CardContent>
      {live && props.canDeploy && (
        <CardActions sx={{ justifyContent: "flex-end", px: 2, pb: 2 }}>
          <Button color="warning" onClick={() => setConfirming(true)} aria-label={`Undeploy from ${props.environment}`}>
            Undeploy
          </Button>
        </CardActions>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Undeploy from ${props.environment}?`}
        text={`The ${props.environment} gateway stops serving this API: new connections get 404. Its revisions stay, ready to deploy again.`}
        confirmLabel="Undeploy"
        pending={undeploy.pending}
        error={undeploy.error}
        onConfirm={() => undeploy.run({ apiId: props.apiId, environment: props.environment })}
        onClose={() => {
          setConfirming(false);
          undeploy.reset();
        }}
      />
    </Card>
  );
}
