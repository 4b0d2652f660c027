// Sign-in: next-auth with credentials checked against the users table. The session token
// carries the user and their session version; every request reloads the user and compares
// (lib/sessions.ts, from app/_server/session.ts), so a changed, disabled or deleted user loses access at once.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddressFromForwardedFor } from "./client-address";
import { withSignInLimits } from "./sign-in-limits";
import { disabledAccountMessage } from "./sign-in-messages";
import { passwordWasRight, signIn } from "./users";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 8 * 3600 },
  // A failed sign-in of a plain form post lands back on the sign-in page, which says why.
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Duplex",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.username || !credentials.password) return null;
        const { username, password } = credentials;
        // A full limit is answered 429 before this (app/api/auth/[...nextauth]/limit-sign-ins.ts); here it holds for guesses racing past that check.
        const origin = { username, ip: clientAddressFromForwardedFor(req?.headers?.["x-forwarded-for"]) };
        const result = await withSignInLimits(origin, () => signIn(username, password), passwordWasRight);
        // next-auth passes a thrown message on to the sign-in form as `error`.
        if (result && !result.ok && result.reason === "disabled") throw new Error(disabledAccountMessage); // next-auth passes it to the sign-in page as `error`
        return result?.ok ? { id: result.actor.id, name: result.actor.username, sessionVersion: result.sessionVersion } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, sessionVersion: token.sv };
    },
  },
};
