// What the sign-in page says about a refused sign-in: shared by next-auth's authorize (lib/auth.ts),
// the page that renders a scriptless attempt's answer, and the form's script.
export const wrongCredentialsMessage = "The username or password is not right.";

/** Said only once the password matched, so it tells a guesser nothing. */
export const disabledAccountMessage = "This account is disabled. Ask an administrator to enable it.";
