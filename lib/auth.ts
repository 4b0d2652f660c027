// Sign-in: next-auth with credentials checked against the users table. Roles ride in the
// session token, but every request reloads the user (see sessionActor) so a changed or
// deleted user loses access at once.
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "./db";
import type { Actor } from "./roles";
import { signIn } from "./users";
import { cache } from "react";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 8 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Duplex",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        if (!credentials?.username || !credentials.password) return null;
        const actor = await signIn(credentials.username, credentials.password);
        return actor ? { id: actor.id, name: actor.username } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};

/**
 * The signed-in user as the domain sees them, or null. Read once per request (React's cache):
 * a layout, its page and their actions all ask, and app/_server/reads.ts matches on the object.
 */
export const sessionActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  if (!session?.userId) return null;
  const user = await db.user.findUnique({ where: { id: session.userId }, select: { id: true, username: true, roles: true } });
  return user;
});
