"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/app/_server/action";
import { createUser, disableUser, enableUser, resetPassword, setUserRoles, ZCreateUser, ZSetRoles } from "@/lib/user-management";

const ZUserId = z.object({ userId: z.string().min(1) });

export const createUserAction = defineAction(["ADMIN"], ZCreateUser, async ({ actor, input }) => {
  const { user, temporaryPassword } = await createUser(actor, input);
  revalidatePath("/admin", "layout");
  return { username: user.username, temporaryPassword };
});

export const setUserRolesAction = defineAction(["ADMIN"], ZSetRoles, async ({ actor, input }) => {
  const user = await setUserRoles(actor, input);
  revalidatePath("/admin/users");
  return { roles: user.roles };
});

export const disableUserAction = defineAction(["ADMIN"], ZUserId, async ({ actor, input }) => {
  await disableUser(actor, input.userId);
  revalidatePath("/admin/users");
});

export const enableUserAction = defineAction(["ADMIN"], ZUserId, async ({ actor, input }) => {
  await enableUser(actor, input.userId);
  revalidatePath("/admin/users");
});

export const resetPasswordAction = defineAction(["ADMIN"], ZUserId, async ({ actor, input }) => {
  const { temporaryPassword } = await resetPassword(actor, input.userId);
  revalidatePath("/admin/users");
  return { temporaryPassword };
});
