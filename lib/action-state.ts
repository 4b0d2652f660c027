// What every server action answers a form with. A plain type in lib/ so that both the action
// wrapper (app/_server/action.ts) and the one client hook (components/use-action.ts) read it
// without components/ importing from app/.
export interface ActionState<T = unknown> {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  /** What a successful action returns to the page (e.g. a secret shown once). */
  data?: T;
}

export const idle: ActionState<never> = { ok: false };
