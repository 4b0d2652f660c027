import Typography from "@mui/material/Typography";
import Link from "next/link";
import { requireRole } from "@/app/_server/session";
import { CreateWebSocketApiForm } from "./create-websocket-api-form";
import { listPlans } from "@/lib/plans";
import { hasRole } from "@/lib/roles";

export const metadata = { title: "Create a WebSocket API" };

export default async function CreateWebSocketApiPage() {
  const actor = await requireRole("/publisher/apis/create/websocket", ["CREATOR"]);
  const plans = await listPlans();
  return (
    <>
      <Typography variant="h4" component="h1">
        Create a WebSocket API
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        Give the API a name, a context and a version, and point it at your WebSocket backend. Or take the{" "}
        <Link href="/publisher/apis/create/websocket/guided">guided flow</Link> (Design → Implement → Manage) for production and sandbox endpoints.
      </Typography>
      <CreateWebSocketApiForm
        plans={plans.map((p) => ({ name: p.name, description: p.description }))}
        canPublish={hasRole(actor, "PUBLISHER")}
      />
    </>
  );
}
