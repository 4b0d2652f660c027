// The one server-action wrapper: it loads the session, checks the role, parses the input
// with zod, and turns domain errors into messages. Every server action is built from it.
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { signedInUser } from "@/app/_server/session";
import { DuplexError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { ActionState } from "@/lib/action-state";
import { hasRole, type Actor, type Role } from "@/lib/roles";

export type { ActionState };

export function defineAction<S extends z.ZodType, T>(
  roles: Role[] | "signed-in",
  schema: S,
  run: (ctx: { actor: Actor; input: z.output<S> }) => Promise<T>,
  // Only the change-password action is open to a user whose password an admin reset.
  options: { beforeNewPassword?: boolean } = {},
) {
  // Typed by the schema's input, so that a form's call is checked against the same schema the action parses.
  return async (raw: z.input<S>): Promise<ActionState<T>> => {
    try {
      const user = await signedInUser();
      if (!user) return { ok: false, message: "Your session has ended. Sign in again." };
      if (user.mustChangePassword && !options.beforeNewPassword) return { ok: false, message: mustChangePasswordMessage };
      const { actor } = user;
      if (roles !== "signed-in" && !hasRole(actor, ...roles)) {
        return { ok: false, message: `This needs the ${roles.map((r) => r.toLowerCase()).join(" or ")} role.` };
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), message: "Check the highlighted fields." };
      return { ok: true, data: await run({ actor, input: parsed.data }) };
    } catch (e) {
      return failure(e);
    }
  };
}

export const mustChangePasswordMessage = "Your password was reset: set a new one first.";

/** For the few actions anyone may call (sign-up): the same parsing and error handling, no session. */
export function definePublicAction<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>) => Promise<T>) {
  return async (raw: z.input<S>): Promise<ActionState<T>> => {
    try {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), message: "Check the highlighted fields." };
      return { ok: true, data: await run(parsed.data) };
    } catch (e) {
      return failure(e);
    }
  };
}

function failure(e: unknown): ActionState<never> {
  unstable_rethrow(e); // redirect() and notFound() are control flow, not failures
  if (e instanceof DuplexError) {
    return { ok: false, message: e.message, fieldErrors: e.field ? { [e.field]: e.message } : undefined };
  }
  if (e instanceof z.ZodError) return { ok: false, fieldErrors: fieldErrorsOf(e), message: "Check the highlighted fields." };
  logger.error({ err: e }, "server action failed");
  return { ok: false, message: "Something went wrong on our side. Try again." };
}

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
    // Nested fields (an endpoint's settings, the nth topic) also by their whole path: "production.config.connectTimeoutMs".
    if (issue.path.length > 1) out[issue.path.map(String).join(".")] ??= issue.message;
  }
  return out;
}
