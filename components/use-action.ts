"use client";
// The one way a form calls a server action (React's useActionState, as the Next.js Learn
// dashboard's forms do): `run(input)` calls it inside a transition, `pending` is true until it
// answers and its onSuccess (e.g. a navigation it awaits) is done, and `state` holds its field errors, message and data until the next call.
import { startTransition, useActionState, useRef } from "react";
import { idle, type ActionState } from "@/lib/action-state";

export interface ActionHandle<I, T> {
  run: (input: I) => void;
  pending: boolean;
  state: ActionState<T>;
  /** The message of a failed call (null after a success or before the first call). */
  error: string | null;
  fieldError: (name: string) => string | undefined;
  reset: () => void;
}

export function useAction<I, T>(
  action: (input: I) => Promise<ActionState<T>>,
  options: { onSuccess?: (data: T, input: I) => void | Promise<void> } = {},
): ActionHandle<I, T> {
  // The latest callbacks, so that a re-render between the call and its answer is not missed.
  const latest = useRef(options);
  latest.current = options;
  const [state, dispatch, pending] = useActionState<ActionState<T>, { input: I } | "reset">(async (_previous, request) => {
    if (request === "reset") return idle;
    const result = await action(request.input);
    if (result.ok) await latest.current.onSuccess?.(result.data as T, request.input);
    return result;
  }, idle);

  return {
    run: (input) => startTransition(() => dispatch({ input })),
    pending,
    state,
    error: state.ok ? null : (state.message ?? null),
    fieldError: (name) => state.fieldErrors?.[name],
    reset: () => startTransition(() => dispatch("reset")),
  };
}
