// An API's description and tags: what the Developer Portal shows and searches beside the
// name. Neither reaches the gateway, so saving them notifies nothing.
import { z } from "zod";
import { db } from "./db";
import { DuplexError } from "./errors";
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

export const ZApiInfo = z.object({ description: ZApiDescription, tags: ZApiTags });
export type ApiInfoInput = z.input<typeof ZApiInfo>;

export async function updateApiInfo(actor: Actor, apiId: string, raw: ApiInfoInput) {
  assertRole(actor, "CREATOR");
  const input = ZApiInfo.parse(raw);
  return db.$transaction(async (tx) => {
    const api = await tx.api.findUnique({ where: { id: apiId }, select: { status: true } });
    if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
    if (api.status === "RETIRED") throw new DuplexError("CONFLICT", "A retired API cannot be changed.");
    return tx.api.update({ where: { id: apiId }, data: { description: input.description, tags: input.tags } });
  });
}
