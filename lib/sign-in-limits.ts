// Brute force at the door: failed sign-ins are limited per username and per client address,
// sign-ups per address (lib/rate-limit.ts: sliding windows shared by every portal process).
// A username is counted whether or not such a user exists, and the refusal reads the same
// either way, so the limit tells a guesser nothing about who has an account.
import { config } from "./config";
import { checkLimits, hitLimits, retryAfterSeconds, TooManyAttempts, waitInWords, type RateLimit } from "./rate-limit";
import { signUp, type ZSignUp } from "./users";
import type { Actor } from "./roles";
import type { z } from "zod";

export interface SignInOrigin {
  username: string;
  /** The client's address (lib/client-address.ts); undefined when unknown, which skips that limit. */
  ip: string | undefined;
}

function signInLimits({ username, ip }: SignInOrigin) {
  const windowMs = config().SIGNIN_WINDOW_SECONDS * 1000;
  return [
    // "Admin" and "admin " are one guess target.
    { limit: { name: "signin-username", max: config().SIGNIN_FAILURES_PER_USERNAME, windowMs } satisfies RateLimit, key: username.trim().toLowerCase() },
    { limit: { name: "signin-ip", max: config().SIGNIN_FAILURES_PER_IP, windowMs } satisfies RateLimit, key: ip },
  ];
}

/** The sign-in page's `error` for a full limit (next-auth's own are e.g. CredentialsSignin). */
export const lockedOutError = "TooManySignIns";

/** What a person is told when a limit is full: the same whoever they claim to be. */
export function signInLockoutMessage(): string {
  return `Too many failed sign-ins. Wait up to ${waitInWords(config().SIGNIN_WINDOW_SECONDS)} and try again.`;
}

/** The refusal this sign-in would get now, without counting it; null when it may go ahead. */
export async function signInRefusal(origin: SignInOrigin): Promise<TooManyAttempts | null> {
  const check = await checkLimits(signInLimits(origin));
  return check.allowed ? null : new TooManyAttempts(signInLockoutMessage(), retryAfterSeconds(check.retryAfterMs));
}

/**
 * Runs the password check unless a limit is full (then null, and the password is not tried).
 * The attempt counts from before the check, so parallel guesses cannot all slip under the
 * limit; one that `passed` is taken back: only failures count.
 */
export async function withSignInLimits<T>(origin: SignInOrigin, check: () => Promise<T>, passed: (result: T) => boolean): Promise<T | null> {
  const hit = await hitLimits(signInLimits(origin));
  if (!hit.allowed) return null;
  const result = await check();
  if (passed(result)) await hit.release();
  return result;
}

/** Sign-up, limited per address: every attempt that reaches the database counts, taken usernames too (they tell which exist). */
export async function limitedSignUp(input: z.input<typeof ZSignUp>, ip: string | undefined): Promise<Actor> {
  const limit: RateLimit = { name: "signup-ip", max: config().SIGNUPS_PER_IP, windowMs: config().SIGNUP_WINDOW_SECONDS * 1000 };
  const hit = await hitLimits([{ limit, key: ip }]);
  if (!hit.allowed) {
    const wait = retryAfterSeconds(hit.retryAfterMs);
    throw new TooManyAttempts(`Too many sign-ups from your network. Try again in ${waitInWords(wait)}.`, wait);
  }
  return signUp(input);
}
