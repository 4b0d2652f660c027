import CardContent from "@mui/material/CardContent";
import Grid from "@mui/material/Grid";
import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { CardLink } from "@/components/card-link";
import { formatCount } from "@/components/format";
import { listPlans } from "@/lib/plans";
import { listUsers } from "@/lib/user-management";
import { countPendingTasks } from "@/lib/workflow-tasks";

export const metadata = { title: "Overview" };

export default async function AdminOverviewPage() {
  const actor = await requireRole("/admin", ["ADMIN"]);
  const [pending, users, plans] = await Promise.all([countPendingTasks(actor), listUsers(actor, { pageSize: 1 }), listPlans()]);
  const pendingTotal = Object.values(pending).reduce((a, b) => a + b, 0);
  const cards = [
    { href: "/admin/tasks", label: "Pending tasks", value: pendingTotal, text: pendingTotal ? "Subscriptions waiting for your approval." : "Nothing waits for approval." },
    { href: "/admin/users", label: "Users", value: users.total, text: "Create users, grant roles, disable accounts." },
    { href: "/admin/plans", label: "Business plans", value: plans.length, text: "The limits APIs offer to subscribers." },
  ];
  return (
    <>
      <Typography variant="h4" component="h1">
        Admin
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        Users and roles, business plans, approvals and the audit log of the platform.
      </Typography>
      <Grid container spacing={2}>
        {cards.map((c) => (
          <Grid key={c.href} size={{ xs: 12, sm: 6, md: 4 }}>
            <CardLink href={c.href}>
              <CardContent>
                <Typography variant="overline" color="text.secondary" component="h2">
                  {c.label}
                </Typography>
                <Typography variant="h3" component="p" sx={{ fontWeight: 700 }}>
                  {formatCount(c.value)}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {c.text}
                </Typography>
              </CardContent>
            </CardLink>
          </Grid>
        ))}
      </Grid>
    </>
  );
}
