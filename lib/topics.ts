// An API's topics: the Topics page saves the whole list at once.
import { db } from "./db";
import { recordAudit } from "./audit";
import { DuplexError } from "./errors";
import { assertRole, type Actor } from "./roles";
import { ZTopicList, type TopicInput } from "./topic-name";

export async function saveTopics(actor: Actor, apiId: string, raw: TopicInput[]) {
  assertRole(actor, "CREATOR");
  const parsed = ZTopicList.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DuplexError("INVALID", issue.message, ["topics", ...issue.path].join("."));
  }
  const topics = parsed.data;
  return db.$transaction(async (tx) => {
    const api = await tx.api.findUnique({ where: { id: apiId }, select: { id: true, status: true } });
    if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
    if (api.status === "RETIRED") throw new DuplexError("CONFLICT", "A retired API cannot be changed.");
    const before = await tx.topic.findMany({ where: { apiId }, orderBy: { name: "asc" } });
    await tx.topic.deleteMany({ where: { apiId } });
    await tx.topic.createMany({ data: topics.map((t) => ({ apiId, ...t })) });
    // The working copy: the gateways see these topics once a revision of them is deployed (lib/deployments.ts).
    await tx.api.update({ where: { id: apiId }, data: { updatedAt: new Date() } });
    const after = await tx.topic.findMany({ where: { apiId }, orderBy: { name: "asc" } });
    await recordAudit(tx, actor, { entity: "api", entityId: apiId, action: "save-topics", before: { topics: before.map(auditedTopic) }, after: { topics: after.map(auditedTopic) } });
    return after;
  });
}

function auditedTopic(t: { name: string; publish: boolean; subscribe: boolean; urlMapping: string | null; description: string }) {
  return { name: t.name, publish: t.publish, subscribe: t.subscribe, urlMapping: t.urlMapping, description: t.description };
}
