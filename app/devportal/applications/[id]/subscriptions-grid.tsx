"use client";
import type { GridColDef } from "@mui/x-data-grid";
import Link from "next/link";
import { SubscriptionActions } from "./subscription-actions";
import { ListGrid } from "@/components/list-grid";
import { SubscriptionStateCell } from "@/components/subscription-state-cell";

export interface SubscriptionRow {
  id: string;
  apiId: string;
  api: string;
  version: string;
  status: string;
  /** Why the state is what it is, when an approval request says: a rejection's reason, a change waiting. */
  statusNote: string | null;
  /** Epoch milliseconds, and the date as the server wrote it (one time zone, no hydration mismatch). */
  subscribedAt: number;
  subscribed: string;
  plan: string;
  plans: string[];
}

const columns: GridColDef<SubscriptionRow>[] = [
  { field: "api", headerName: "API", minWidth: 160, flex: 1.2, renderCell: ({ row }) => <Link href={`/devportal/apis/${row.apiId}`}>{row.api}</Link> },
  { field: "version", headerName: "Version", minWidth: 90, flex: 0.6 },
  {
    field: "status",
    headerName: "Status",
    minWidth: 150,
    flex: 1.2,
    renderCell: ({ row }) => <SubscriptionStateCell label={row.status} note={row.statusNote} />,
  },
  { field: "subscribedAt", headerName: "Subscribed", minWidth: 120, flex: 0.8, renderCell: ({ row }) => row.subscribed },
  {
    field: "plan",
    headerName: "Business plan",
    minWidth: 330,
    flex: 2,
    renderCell: ({ row }) => <SubscriptionActions subscriptionId={row.id} apiName={row.api} planName={row.plan} plans={row.plans} />,
  },
];

/** The application's subscriptions, one per API it uses: the plan changeable in place, and Unsubscribe. */
export function SubscriptionsGrid({ rows }: { rows: SubscriptionRow[] }) {
  return <ListGrid label="Subscriptions" rows={rows} columns={columns} emptyText="No subscriptions yet." tallRows />;
}
