import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { limitSignIns } from "./limit-sign-ins";

const handler = NextAuth(authOptions);
export { handler as GET };
export const POST = limitSignIns(handler);
