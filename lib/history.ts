// An API's histories, one page at a time: its lifecycle changes and its deployments. Both grow
// with every change for as long as the API lives, so the tabs read a page, never the whole list.
import { db } from "./db";
import { DuplexError } from "./errors";
import { skipTake, type ListPage } from "./paging";
import { assertRole, type Actor } from "./roles";
import type { ApiStatus } from "../generated/prisma/enums";

export interface HistoryPage<R> {
  rows: R[];
  total: number;
}

export interface LifecycleRow {
  id: string;
  at: Date;
  who: string;
  action: string;
  fromStatus: ApiStatus | null;
  toStatus: ApiStatus;
}

export interface DeploymentRow {
  id: string;
  at: Date;
  who: string;
  /** "Deploy", "Roll back" or "Undeploy". */
  action: string;
  environment: string;
  revisionNumber: number;
  fromRevisionNumber: number | null;
}

async function assertApi(actor: Actor, apiId: string) {
  assertRole(actor, "CREATOR", "PUBLISHER");
  if (!(await db.api.findUnique({ where: { id: apiId }, select: { id: true } }))) throw new DuplexError("NOT_FOUND", "No such API.");
}

export async function lifecycleHistory(actor: Actor, apiId: string, page: ListPage): Promise<HistoryPage<LifecycleRow>> {
  await assertApi(actor, apiId);
  const [events, total] = await Promise.all([
    db.lifecycleEvent.findMany({
      where: { apiId },
      // The id breaks ties of one millisecond, so that pages never repeat or skip a row.
      orderBy: [{ createdAt: page.sort }, { id: page.sort }],
      ...skipTake(page),
      include: { user: { select: { username: true } } },
    }),
    db.lifecycleEvent.count({ where: { apiId } }),
  ]);
  return {
    rows: events.map((e) => ({ id: e.id, at: e.createdAt, who: e.user.username, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus })),
    total,
  };
}

export async function deploymentHistory(actor: Actor, apiId: string, page: ListPage): Promise<HistoryPage<DeploymentRow>> {
  await assertApi(actor, apiId);
  const [events, total] = await Promise.all([
    db.deploymentEvent.findMany({
      where: { apiId },
      orderBy: [{ createdAt: page.sort }, { id: page.sort }],
      ...skipTake(page),
      include: { user: { select: { username: true } } },
    }),
    db.deploymentEvent.count({ where: { apiId } }),
  ]);
  return {
    rows: events.map((e) => ({
      id: e.id,
      at: e.createdAt,
      who: e.user.username,
      action: e.action,
      environment: e.environment,
      revisionNumber: e.revisionNumber,
      fromRevisionNumber: e.fromRevisionNumber,
    })),
    total,
  };
}
