// A stage of the handshake pipeline (gateway/pipeline.ts): a function of what the stages before
// it found, returning what it finds, or a Refusal that ends the handshake with an HTTP status.
// A stage declares the part of the handshake it reads as its argument's type; the pipeline's
// list checks that the handshake has it.
import { Refusal } from "./refuse";

/** What a stage took and must give back: at once if a later stage refuses, else when the connection ends. */
export class Reserved<T> {
  constructor(
    readonly value: T,
    /** Must not hold on to the handshake: a relayed connection keeps it until it ends. */
    readonly release: () => void,
  ) {}
}

/** The client left during the handshake: nothing is answered, and its socket is destroyed. */
export class ClientGone {
  readonly clientGone = true;
}
export const clientGone = new ClientGone();

export type StageOutcome<T> = T | Reserved<T> | Refusal | ClientGone;

export interface Stage<Needs, K extends string | undefined, T> {
  /** Where the pipeline keeps what it found, for the stages after it; none for a check. */
  readonly key: K;
  /**
   * It refuses by what the configuration snapshot says: a refusal of it is looked at again
   * once the reloads under way have landed (the change that admits it may be on its way).
   */
  readonly readsSnapshot: boolean;
  // A property, not a method: a stage's argument type is checked strictly against the handshake's.
  readonly run: (handshake: Needs) => StageOutcome<T> | Promise<StageOutcome<T>>;
}

/** What a stage that may answer `O` finds: its value, unwrapped from a reservation. */
type Found<O> = O extends Reserved<infer T> ? T : O extends Refusal | ClientGone ? never : O;

/** A stage that finds something for the stages after it, kept under `key`. */
export function stage<K extends string, Needs, O>(key: K, run: (handshake: Needs) => O | Promise<O>, options: { readsSnapshot?: boolean } = {}): Stage<Needs, K, Found<O>> {
  return { key, run: run as Stage<Needs, K, Found<O>>["run"], readsSnapshot: options.readsSnapshot ?? false };
}

/** A stage that only checks: undefined lets the handshake go on. */
export function check<Needs>(
  run: (handshake: Needs) => undefined | Refusal | ClientGone | Promise<undefined | Refusal | ClientGone>,
  options: { readsSnapshot?: boolean } = {},
): Stage<Needs, undefined, undefined> {
  return { key: undefined, run, readsSnapshot: options.readsSnapshot ?? false };
}

export function isRefusal(outcome: unknown): outcome is Refusal | ClientGone {
  return outcome instanceof Refusal || outcome instanceof ClientGone;
}
