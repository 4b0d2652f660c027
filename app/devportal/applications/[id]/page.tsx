import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { requireActor } from "@/app/_server/session";
import { SectionCard } from "@/components/section-card";
import { SubscriptionActions } from "@/components/subscription-actions";
import { getApplication } from "@/lib/applications";

export const metadata = { title: "Application" };

export default async function ApplicationOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/devportal/applications/${id}`);
  const app = await getApplication(actor, id);
  return (
    <SectionCard title="Subscriptions">
      {app.subscriptions.length === 0 ? (
        <Typography color="text.secondary">
          No subscriptions yet. Find an API in the <Link href="/devportal/apis">catalogue</Link> and subscribe to it with this application.
        </Typography>
      ) : (
        <Table size="small" aria-label="Subscriptions">
          <TableHead>
            <TableRow>
              <TableCell>API</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Subscribed</TableCell>
              <TableCell>Business plan</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {app.subscriptions.map((s) => (
              <TableRow key={s.id}>
                <TableCell>
                  <Link href={`/devportal/apis/${s.apiId}`}>{s.api.name}</Link>
                </TableCell>
                <TableCell>{s.api.version}</TableCell>
                <TableCell>{s.status === "ACTIVE" ? "Active" : s.status}</TableCell>
                <TableCell>{s.createdAt.toLocaleDateString("en-US", { dateStyle: "medium" })}</TableCell>
                <TableCell>
                  <SubscriptionActions subscriptionId={s.id} apiName={s.api.name} planName={s.plan.name} plans={s.api.plans.map((p) => p.plan.name)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}
