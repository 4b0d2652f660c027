"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import IconButton from "@mui/material/IconButton";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import MoreVertIcon from "@mui/icons-material/MoreVert";
import { useState } from "react";
import { disableUserAction, enableUserAction, resetPasswordAction, setUserRolesAction } from "./actions";
import { RoleCheckboxes } from "./role-checkboxes";
import type { UserRow } from "./users-grid";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyField } from "@/components/copy-field";
import { useAction } from "@/components/use-action";
import type { Role } from "@/lib/roles";

type Open = "roles" | "disable" | "enable" | "reset" | null;

/** One user's actions: edit roles, disable or enable, reset the password. */
export function UserActions({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [password, setPassword] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const saveRoles = useAction(setUserRolesAction, { onSuccess: () => finish(`Roles of ${user.username} saved`) });
  const disable = useAction(disableUserAction, { onSuccess: () => finish(`${user.username} disabled: their sessions have ended`) });
  const enable = useAction(enableUserAction, { onSuccess: () => finish(`${user.username} enabled`) });
  const reset = useAction(resetPasswordAction, { onSuccess: (data) => setPassword(data.temporaryPassword) });

  function finish(message: string) {
    setOpen(null);
    setNotice(message);
  }
  function choose(which: Open) {
    setAnchor(null);
    for (const a of [saveRoles, disable, enable, reset]) a.reset();
    setRoles(user.roles);
    setPassword(null);
    setOpen(which);
  }

  return (
    <>
      <IconButton aria-label={`Actions for ${user.username}`} size="small" onClick={(e) => setAnchor(e.currentTarget)}>
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => choose("roles")}>Edit roles</MenuItem>
        <MenuItem onClick={() => choose("reset")}>Reset password</MenuItem>
        {user.disabled ? (
          <MenuItem onClick={() => choose("enable")}>Enable</MenuItem>
        ) : (
          // One's own account is disabled by another admin (lib/user-management.ts refuses it too).
          <MenuItem onClick={() => choose("disable")} disabled={isSelf}>
            Disable
          </MenuItem>
        )}
      </Menu>

      <Dialog open={open === "roles"} onClose={() => setOpen(null)} maxWidth="xs" fullWidth>
        <DialogTitle>Roles of {user.username}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <RoleCheckboxes value={roles} onChange={setRoles} error={saveRoles.fieldError("roles")} />
            {saveRoles.error && !saveRoles.fieldError("roles") && <Alert severity="error">{saveRoles.error}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(null)}>Cancel</Button>
          <Button variant="contained" loading={saveRoles.pending} onClick={() => saveRoles.run({ userId: user.id, roles })}>
            Save roles
          </Button>
        </DialogActions>
      </Dialog>

      <ConfirmDialog
        open={open === "disable"}
        title={`Disable ${user.username}?`}
        text={`${user.username} is signed out at once and cannot sign in; the gateways refuse their applications' tokens and close their open connections. You can enable the account again.`}
        confirmLabel="Disable"
        pending={disable.pending}
        error={disable.error}
        onConfirm={() => disable.run({ userId: user.id })}
        onClose={() => setOpen(null)}
      />
      <ConfirmDialog
        open={open === "enable"}
        title={`Enable ${user.username}?`}
        text={`${user.username} can sign in again with their password.`}
        confirmLabel="Enable"
        pending={enable.pending}
        error={enable.error}
        onConfirm={() => enable.run({ userId: user.id })}
        onClose={() => setOpen(null)}
      />

      {password ? (
        <Dialog open={open === "reset"} onClose={() => setOpen(null)} maxWidth="sm" fullWidth>
          <DialogTitle>New temporary password for {user.username}</DialogTitle>
          <DialogContent>
            <Stack spacing={2} sx={{ mt: 1 }}>
              <CopyField label="Temporary password" value={password} />
              <Alert severity="warning">Copy it now and pass it on: it is shown only once. {user.username} must set a new password at the next sign-in.</Alert>
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button variant="contained" onClick={() => setOpen(null)}>
              Done
            </Button>
          </DialogActions>
        </Dialog>
      ) : (
        <ConfirmDialog
          open={open === "reset"}
          title={`Reset the password of ${user.username}?`}
          text={`The current password stops working and ${user.username}'s sessions end. You get a temporary password to pass on; they must set a new one at the next sign-in.`}
          confirmLabel="Reset password"
          pending={reset.pending}
          error={reset.error}
          onConfirm={() => reset.run({ userId: user.id })}
          onClose={() => setOpen(null)}
        />
      )}
      <Snackbar open={notice !== null} autoHideDuration={5000} onClose={() => setNotice(null)} message={notice} />
    </>
  );
}
