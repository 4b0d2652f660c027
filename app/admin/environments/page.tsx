import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { defaultEnvironment } from "@/lib/environments";
import { heartbeatIntervalMs, listGatewayProcesses, missedBeatsUntilGone } from "@/lib/gateway-processes";
import { EnvironmentsList } from "./environments-list";

export const metadata = { title: "Gateway environments" };

export default async function EnvironmentsPage() {
  const actor = await requireRole("/admin/environments", ["ADMIN"]);
  const { configVersion, environments } = await listGatewayProcesses(actor);
  return (
    <>
      <Typography variant="h4" component="h1">
        Gateway environments
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        Where APIs are deployed, with the gateway processes that serve each now. A gateway writes a heartbeat every {heartbeatIntervalMs / 1000} s; one that misses{" "}
        {missedBeatsUntilGone} is shown as gone. Configuration version now: {configVersion}.
      </Typography>
      <EnvironmentsList
        defaultEnvironment={defaultEnvironment}
        environments={environments.map((e) => ({
          name: e.name,
          environment: e.environment && {
            displayName: e.environment.displayName,
            description: e.environment.description,
            ws: e.environment.ws,
            wss: e.environment.wss,
            internal: e.environment.internal,
            fromSettings: e.environment.fromSettings,
          },
          processes: e.processes.map((p) => ({ ...p, startedAt: p.startedAt.toISOString(), lastHeartbeatAt: p.lastHeartbeatAt.toISOString() })),
        }))}
      />
    </>
  );
}
