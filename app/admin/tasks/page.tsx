import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { DecidedTasksGrid } from "./decided-tasks-grid";
import { PendingTasksGrid } from "./pending-tasks-grid";
import { formatWhen } from "@/components/format";
import { SectionCard } from "@/components/section-card";
import { planLabel } from "@/lib/plans";
import { listWorkflowTasks, type WorkflowTaskView } from "@/lib/workflow-tasks";

export const metadata = { title: "Tasks" };

const kind = { SUBSCRIPTION_CREATION: "New subscription", SUBSCRIPTION_UPDATE: "Plan change" } as const;

export type TaskRow = ReturnType<typeof rowOf>;

function rowOf(t: WorkflowTaskView) {
  const s = t.subscription;
  return {
    id: t.id,
    kind: kind[t.type],
    application: s.application.name,
    owner: s.application.owner.username,
    api: `${s.api.name} ${s.api.version}`,
    plan: planLabel(t.plan),
    requested: formatWhen(t.createdAt),
    decided: t.decidedAt ? formatWhen(t.decidedAt) : "",
    decidedBy: t.decidedByUsername ?? "",
    outcome: t.status === "APPROVED" ? "Approved" : t.status === "REJECTED" ? "Rejected" : "Pending",
    reason: t.reason,
  };
}

const recent = 50;

export default async function TasksPage() {
  const actor = await requireRole("/admin/tasks", ["ADMIN"]);
  // The queue, oldest first (up to 100 at a time); of the decided, the most recent of each outcome.
  const [pending, approved, rejected] = await Promise.all([
    listWorkflowTasks(actor, { status: "PENDING", pageSize: 100 }),
    listWorkflowTasks(actor, { status: "APPROVED", pageSize: recent }),
    listWorkflowTasks(actor, { status: "REJECTED", pageSize: recent }),
  ]);
  // The lib lists one outcome at a time; shown as one list, newest first. The whole record is the audit log.
  const decided = [...approved.rows, ...rejected.rows]
    .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0))
    .slice(0, recent)
    .map(rowOf);
  return (
    <Stack spacing={3}>
      <div>
        <Typography variant="h4" component="h1">
          Tasks
        </Typography>
        <Typography color="text.secondary">Subscriptions to plans that require approval wait here until an admin decides.</Typography>
      </div>
      <SectionCard title={`Waiting for approval (${pending.total})`}>
        <PendingTasksGrid rows={pending.rows.map(rowOf)} />
      </SectionCard>
      <SectionCard title="Recently decided">
        <DecidedTasksGrid rows={decided} />
      </SectionCard>
    </Stack>
  );
}
