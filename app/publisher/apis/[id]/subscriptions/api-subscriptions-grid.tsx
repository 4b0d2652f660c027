"use client";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { GridColDef } from "@mui/x-data-grid";
import { useState } from "react";
import { blockSubscriptionAction, unblockSubscriptionAction } from "./actions";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ListGrid } from "@/components/list-grid";
import { SubscriptionStateCell } from "@/components/subscription-state-cell";
import { useAction } from "@/components/use-action";
import type { SubscriptionStatus } from "@/generated/prisma/enums";

export interface ApiSubscriptionRow {
  id: string;
  application: string;
  owner: string;
  plan: string;
  status: SubscriptionStatus;
  state: string;
  note: string | null;
  subscribedAt: number;
  subscribed: string;
}

type Scope = "all" | "production";

/** Applications of different owners may share a name (each developer has a DefaultApplication). */
const nameOf = (row: ApiSubscriptionRow) => `${row.application} of ${row.owner}`;

/** WSO2's Manage → Subscriptions: who subscribes, on which plan, in which state; the API's creator blocks and unblocks. */
export function ApiSubscriptionsGrid({ apiId, rows, canBlock }: { apiId: string; rows: ApiSubscriptionRow[]; canBlock: boolean }) {
  const [blocking, setBlocking] = useState<{ row: ApiSubscriptionRow; scope: Scope } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const block = useAction(blockSubscriptionAction, {
    onSuccess: () => {
      setNotice(`${blocking ? nameOf(blocking.row) : "The subscription"} blocked: its live connections close`);
      setBlocking(null);
    },
  });
  const unblock = useAction(unblockSubscriptionAction, { onSuccess: () => setNotice("Subscription unblocked") });
  // The row being unblocked: only its button shows the wait.
  const [unblocking, setUnblocking] = useState<string | null>(null);

  const columns: GridColDef<ApiSubscriptionRow>[] = [
    { field: "application", headerName: "Application", minWidth: 130, flex: 1 },
    { field: "owner", headerName: "Owner", minWidth: 110, flex: 0.7 },
    { field: "plan", headerName: "Plan", minWidth: 100, flex: 0.7 },
    {
      field: "state",
      headerName: "Status",
      minWidth: 160,
      flex: 1.2,
      renderCell: ({ row }) => <SubscriptionStateCell label={row.state} note={row.note} />,
    },
    { field: "subscribedAt", headerName: "Subscribed", minWidth: 110, flex: 0.7, renderCell: ({ row }) => row.subscribed },
  ];
  if (canBlock) {
    columns.push({
      field: "actions",
      headerName: "",
      minWidth: 220,
      flex: 1.3,
      sortable: false,
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: "center", height: "100%", flexWrap: "wrap", py: 1 }}>
          {row.status === "ACTIVE" && (
            <>
              <Button size="small" color="warning" onClick={() => openBlock(row, "production")} aria-label={`Block production for ${nameOf(row)}`}>
                Block production
              </Button>
              <Button size="small" color="error" onClick={() => openBlock(row, "all")} aria-label={`Block ${nameOf(row)}`}>
                Block all
              </Button>
            </>
          )}
          {row.status === "PROD_ONLY_BLOCKED" && (
            <Button size="small" color="error" onClick={() => openBlock(row, "all")} aria-label={`Block ${nameOf(row)}`}>
              Block all
            </Button>
          )}
          {(row.status === "BLOCKED" || row.status === "PROD_ONLY_BLOCKED") && (
            <Button
              size="small"
              loading={unblock.pending && unblocking === row.id}
              disabled={unblock.pending}
              onClick={() => {
                setUnblocking(row.id);
                unblock.run({ apiId, subscriptionId: row.id });
              }}
              aria-label={`Unblock ${nameOf(row)}`}
            >
              Unblock
            </Button>
          )}
        </Stack>
      ),
    });
  }

  function openBlock(row: ApiSubscriptionRow, scope: Scope) {
    block.reset();
    setBlocking({ row, scope });
  }

  return (
    <>
      {!canBlock && rows.length > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Only the API&apos;s creator or an admin can block a subscription.
        </Typography>
      )}
      {unblock.error && (
        <Typography color="error" role="alert" sx={{ mb: 2 }}>
          {unblock.error}
        </Typography>
      )}
      <ListGrid label="Subscriptions" rows={rows} columns={columns} emptyText="No application subscribes to this API yet." tallRows />
      <ConfirmDialog
        open={blocking !== null}
        title={`Block ${blocking ? nameOf(blocking.row) : ""}?`}
        text={
          blocking?.scope === "production"
            ? "Its production tokens are refused and their live connections close; sandbox tokens keep working. You can unblock it later."
            : "Every token of this application is refused for this API and its live connections close. You can unblock it later."
        }
        confirmLabel={blocking?.scope === "production" ? "Block production" : "Block all"}
        pending={block.pending}
        error={block.error}
        onClose={() => setBlocking(null)}
        onConfirm={() => blocking && block.run({ apiId, subscriptionId: blocking.row.id, scope: blocking.scope })}
      />
      <Snackbar open={notice !== null} autoHideDuration={4000} onClose={() => setNotice(null)} message={notice} />
    </>
  );
}
