import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { AuditFilters } from "./audit-filters";
import { AuditGrid } from "./audit-grid";
import { formatWhen } from "@/components/format";
import { auditEntities, listAuditActions, listAuditEvents } from "@/lib/audit";
import { listPageOf } from "@/lib/paging";

export const metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
const day = /^\d{4}-\d{2}-\d{2}$/;

export default async function AuditPage(props: { searchParams: Promise<Search> }) {
  const actor = await requireRole("/admin/audit", ["ADMIN"]);
  const search = await props.searchParams;
  const page = listPageOf(search);
  const filters = {
    actor: one(search.actor)?.slice(0, 100),
    entity: auditEntities.find((e) => e === one(search.entity)),
    action: one(search.action)?.slice(0, 60),
    from: day.test(one(search.from) ?? "") ? one(search.from) : undefined,
    to: day.test(one(search.to) ?? "") ? one(search.to) : undefined,
  };
  // "To" is a day the admin means to include: the lib's bound is exclusive, so the next midnight (UTC, as the dates are read).
  const toExclusive = filters.to ? new Date(Date.parse(filters.to) + 86_400_000) : undefined;
  const [events, actions] = await Promise.all([
    listAuditEvents(actor, { ...filters, to: toExclusive, page: page.page, pageSize: Math.min(page.pageSize, 100) }),
    listAuditActions(actor),
  ]);
  return (
    <>
      <Typography variant="h4" component="h1">
        Audit log
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        Every change on the platform: who made it, when, from where, and the values before and after (secrets redacted).
      </Typography>
      <AuditFilters values={filters} entities={[...auditEntities]} actions={actions} />
      <AuditGrid
        filtered={Object.values(filters).some(Boolean)}
        paging={{ ...page, sort: "desc", total: events.total }}
        rows={events.rows.map((e) => ({
          id: e.id,
          when: formatWhen(e.at),
          actor: e.actorUsername,
          ip: e.ip ?? "",
          entity: e.entity,
          entityId: e.entityId,
          action: e.action,
          before: e.before === null ? null : JSON.stringify(e.before, null, 2),
          after: e.after === null ? null : JSON.stringify(e.after, null, 2),
        }))}
      />
    </>
  );
}
