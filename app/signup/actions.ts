"use server";
import { definePublicAction } from "@/app/_server/action";
import { signUp, ZSignUp } from "@/lib/users";

export const signUpAction = definePublicAction(ZSignUp, async (input) => {
  const user = await signUp(input);
  return { username: user.username };
});
