// Failed sign-ins and sign-ups against their limits, with the real password check and the real
// database (the defaults: 5 failures per username, 30 per address, in 15 minutes; 10 sign-ups
// per address in an hour).
import { describe, expect, it } from "vitest";
import { db } from "./db";
import { TooManyAttempts } from "./rate-limit";
import { limitedSignUp, signInLockoutMessage, signInRefusal, withSignInLimits, type SignInOrigin } from "./sign-in-limits";
import { makeUser, unique } from "./testing/fixtures";
import { passwordWasRight, signIn } from "./users";

/** An address of its own for each use, so tests do not share a per-address count. */
let nextAddress = 0;
function ownAddress(): string {
  nextAddress += 1;
  return `198.51.${Math.floor(Math.random() * 200)}.${nextAddress}`;
}

const attempt = (origin: SignInOrigin, password: string) => withSignInLimits(origin, () => signIn(origin.username, password), passwordWasRight);
/** What a wrong password answers when it was tried (null: refused before it was tried). */
const wrongPassword = { ok: false, reason: "invalid" };

describe("failed sign-ins per username", () => {
  it("after 5 wrong passwords the right one is not even tried, and the refusal says to wait", async () => {
    const user = await makeUser(["SUBSCRIBER"], "right-password");
    const origin = { username: user.username, ip: ownAddress() };
    for (let i = 0; i < 5; i++) expect(await attempt(origin, "wrong")).toEqual(wrongPassword);
    expect(await attempt(origin, "right-password")).toBeNull();

    const refusal = await signInRefusal(origin);
    expect(refusal).toBeInstanceOf(TooManyAttempts);
    expect(refusal!.message).toBe(signInLockoutMessage());
    expect(refusal!.message).toBe("Too many failed sign-ins. Wait up to 15 minutes and try again.");
    expect(refusal!.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(refusal!.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // From another address too: the username is what is guessed at.
    expect(await signInRefusal({ username: user.username, ip: ownAddress() })).toBeInstanceOf(TooManyAttempts);
    // However it is capitalised.
    expect(await signInRefusal({ username: ` ${user.username.toUpperCase()}`, ip: ownAddress() })).toBeInstanceOf(TooManyAttempts);
  });

  it("counts only failures: a right password in between takes its attempt back", async () => {
    const user = await makeUser(["SUBSCRIBER"], "right-password");
    const origin = { username: user.username, ip: ownAddress() };
    for (let i = 0; i < 4; i++) expect(await attempt(origin, "wrong")).toEqual(wrongPassword);
    expect(await attempt(origin, "right-password")).toMatchObject({ ok: true, actor: { id: user.id } });
    expect(await signInRefusal(origin)).toBeNull();
    expect(await attempt(origin, "wrong")).toEqual(wrongPassword);
    expect(await signInRefusal(origin)).toBeInstanceOf(TooManyAttempts);
  });

  it("treats a username nobody has exactly as a real one: same limit, same refusal", async () => {
    const origin = { username: unique("nobody"), ip: ownAddress() };
    for (let i = 0; i < 5; i++) {
      expect(await signInRefusal(origin)).toBeNull();
      expect(await attempt(origin, "guess")).toEqual(wrongPassword);
    }
    const refusal = await signInRefusal(origin);
    expect(refusal?.message).toBe(signInLockoutMessage());
  });

  it("does not count the right password on a disabled account as a failed guess", async () => {
    const user = await makeUser(["SUBSCRIBER"], "right-password");
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const origin = { username: user.username, ip: ownAddress() };
    for (let i = 0; i < 6; i++) expect(await attempt(origin, "right-password")).toEqual({ ok: false, reason: "disabled" });
    expect(await signInRefusal(origin)).toBeNull();
  });

  it("holds for guesses sent at once: of 8 in parallel, 5 are tried", async () => {
    const user = await makeUser(["SUBSCRIBER"], "right-password");
    const origin = { username: user.username, ip: ownAddress() };
    let tried = 0;
    const check = async () => {
      tried += 1;
      return signIn(user.username, "wrong");
    };
    await Promise.all(Array.from({ length: 8 }, () => withSignInLimits(origin, check, passwordWasRight)));
    expect(tried).toBe(5);
  });
});

describe("failed sign-ins per address", () => {
  it("after 30 failures from one address, of any usernames, that address is refused for every username", async () => {
    const ip = ownAddress();
    for (let i = 0; i < 30; i++) await attempt({ username: unique("spray"), ip }, "Summer2026!");
    const user = await makeUser(["SUBSCRIBER"], "right-password");
    expect(await signInRefusal({ username: user.username, ip })).toBeInstanceOf(TooManyAttempts);
    expect(await attempt({ username: user.username, ip }, "right-password")).toBeNull();
    // The same user from elsewhere is not held up.
    expect(await attempt({ username: user.username, ip: ownAddress() }, "right-password")).toMatchObject({ ok: true, actor: { id: user.id } });
  });
});

describe("sign-ups per address", () => {
  it("allows 10 an hour from one address, taken usernames counted, then says when to come back", async () => {
    const ip = ownAddress();
    const taken = (await makeUser()).username;
    const form = (username: string) => ({ username, email: "", password: "long enough, and rare", confirmPassword: "long enough, and rare" });
    await expect(limitedSignUp(form(taken), ip)).rejects.toThrow(`The username ${taken} is taken.`);
    for (let i = 0; i < 9; i++) await limitedSignUp(form(unique("dev")), ip);
    const refused = limitedSignUp(form(unique("dev")), ip);
    await expect(refused).rejects.toBeInstanceOf(TooManyAttempts);
    await expect(refused).rejects.toThrow(/^Too many sign-ups from your network\. Try again in (59|60) minutes\.$/);
    expect(await limitedSignUp(form(unique("dev")), ownAddress())).toMatchObject({ roles: ["SUBSCRIBER"] });
  });
});
