// An API's description and tags (what the Developer Portal shows and searches beside the
// name) and its access mode (which gateways serve it: that one reaches the gateways).
import { z } from "zod";
import { db } from "./db";
import { recordAudit } from "./audit";
import { DuplexError } from "./errors";
import { notifyConfigChanged } from "./notify";
import { assertRole, type Actor } from "./roles";

export const maxTags = 10;
const tagPattern = /^[a-z0-9][a-z0-9 ._-]{0,29}$/;

/** Whether a (lower-cased) word can be a tag. */
export const isTag = (tag: string) => tagPattern.test(tag);

/** Tags are compared lower-case, so "Chat" and "chat" are one tag; duplicates fold into one. */
export const ZApiTags = z
  .array(z.string())
  .default([])
  .transform((tags) => [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))])
  .superRefine((tags, ctx) => {
    const bad = tags.find((t) => !isTag(t));
    if (bad !== undefined) {
      ctx.addIssue({ code: "custom", message: `"${bad}" is not a tag: up to 30 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit.` });
    } else if (tags.length > maxTags) {
      ctx.addIssue({ code: "custom", message: `An API can have at most ${maxTags} tags.` });
    }
  });

export const ZApiDescription = z.string().trim().max(2000, "Description can have at most 2,000 characters.").default("");

/** External: every environment's gateways serve the API; Internal: only internal environments' (lib/environments.ts servesApi). */
export const ZApiAccessMode = z.enum(["EXTERNAL", "INTERNAL"], { message: "Choose external or internal." }).default("EXTERNAL");

export const ZApiInfo = z.object({
  description: ZApiDescription,
  tags: ZApiTags,
  /** Left out: unchanged. */
  accessMode: z.enum(["EXTERNAL", "INTERNAL"], { message: "Choose external or internal." }).optional(),
});
export type ApiInfoInput = z.input<typeof ZApiInfo>;

export async function updateApiInfo(actor: Actor, apiId: string, raw: ApiInfoInput) {
  assertRole(actor, "CREATOR");
  const input = ZApiInfo.parse(raw);
  return db.$transaction(async (tx) => {
    const api = await tx.api.findUnique({ where: { id: apiId }, select: { status: true, description: true, tags: true, accessMode: true } });
    if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
    if (api.status === "RETIRED") throw new DuplexError("CONFLICT", "A retired API cannot be changed.");
    const updated = await tx.api.update({
      where: { id: apiId },
      data: { description: input.description, tags: input.tags, ...(input.accessMode ? { accessMode: input.accessMode } : {}) },
    });
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: apiId,
      action: "update-info",
      before: { description: api.description, tags: api.tags, accessMode: api.accessMode },
      after: { description: updated.description, tags: updated.tags, accessMode: updated.accessMode },
    });
    if (updated.accessMode !== api.accessMode) await notifyConfigChanged(tx, "api");
    return updated;
  });
}
