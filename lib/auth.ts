// Sign-in: next-auth with credentials checked against the users table. The session token
// carries its session row, the user and their session version; every request reloads them and
// compares (lib/sessions.ts, from app/_server/session.ts), so a signed-out session, or a
// changed, disabled or deleted user, loses access at once.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddressFromForwardedFor } from "./client-address";
import { config } from "./config";
import { endSession, startSession } from "./sessions";
import { withSignInLimits } from "./sign-in-limits";
import { disabledAccountMessage } from "./sign-in-messages";
import { passwordWasRight, signIn } from "./users";

export const authOptions: NextAuthOptions = {
  session: {
    strategy: "jwt",
    // The cookie's own lifetime; the session row's idle and absolute limits are judged on the server. Read per request, not at build.
    get maxAge() {
      return config().SESSION_MAX_HOURS * 3600;
    },
  },
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
        if (!result?.ok) return null;
        return { id: result.actor.id, name: result.actor.username, sessionVersion: result.sessionVersion, sessionId: await startSession(result.actor.id) };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        token.sid = (user as { sessionId?: string }).sessionId;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, sessionId: token.sid, sessionVersion: token.sv };
    },
  },
  events: {
    // With JWT sessions next-auth only clears the cookie; ending the row makes a copy of it worthless too.
    async signOut({ token }) {
      await endSession(typeof token?.sid === "string" ? token.sid : undefined);
    },
  },
};
