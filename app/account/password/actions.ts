"use server";
import { defineAction } from "@/app/_server/action";
import { changePassword, ZChangePassword } from "@/lib/users";

// Open to a user whose password an admin reset: it is the one thing they may do first.
export const changePasswordAction = defineAction("signed-in", ZChangePassword, async ({ actor, input }) => {
  await changePassword(actor, input);
  return { username: actor.username };
}, { beforeNewPassword: true });
