"use server";
import { headers } from "next/headers";
import { definePublicAction } from "@/app/_server/action";
import { clientAddressFromForwardedFor } from "@/lib/client-address";
import { limitedSignUp } from "@/lib/sign-in-limits";
import { ZSignUp } from "@/lib/users";

export const signUpAction = definePublicAction(ZSignUp, async (input) => {
  const user = await limitedSignUp(input, clientAddressFromForwardedFor((await headers()).get("x-forwarded-for")));
  return { username: user.username };
});
