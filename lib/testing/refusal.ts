// Tests of refusals: the DuplexError a domain function throws, or a failure when it does not.
import { DuplexError } from "../errors";

export async function refusal(promise: Promise<unknown>): Promise<DuplexError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a DuplexError, got ${JSON.stringify(outcome.value)}`);
  if (!(outcome.error instanceof DuplexError)) throw outcome.error;
  return outcome.error;
}
