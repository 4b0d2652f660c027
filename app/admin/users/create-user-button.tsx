"use client";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import PersonAddIcon from "@mui/icons-material/PersonAdd";
import { useState } from "react";
import { createUserAction } from "./actions";
import { RoleCheckboxes } from "./role-checkboxes";
import { CopyField } from "@/components/copy-field";
import { useAction } from "@/components/use-action";
import type { Role } from "@/lib/roles";

/** Create user: username, email and roles; then the temporary password, shown this once. */
export function CreateUserButton() {
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [roles, setRoles] = useState<Role[]>(["SUBSCRIBER"]);
  const [created, setCreated] = useState<{ username: string; temporaryPassword: string | null } | null>(null);
  const create = useAction(createUserAction, { onSuccess: (data) => setCreated(data) });

  function close() {
    setOpen(false);
    setCreated(null);
    setUsername("");
    setEmail("");
    setRoles(["SUBSCRIBER"]);
    create.reset();
  }

  return (
    <>
      <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setOpen(true)}>
        Create user
      </Button>
      <Dialog open={open} onClose={close} maxWidth="sm" fullWidth>
        <DialogTitle>{created ? `${created.username} created` : "Create user"}</DialogTitle>
        {created ? (
          <>
            <DialogContent>
              <Stack spacing={2} sx={{ mt: 1 }}>
                {created.temporaryPassword && <CopyField label="Temporary password" value={created.temporaryPassword} />}
                <Alert severity="warning">
                  Copy the temporary password now and pass it on: it is shown only once. {created.username} must set a new password at the first sign-in.
                </Alert>
              </Stack>
            </DialogContent>
            <DialogActions>
              <Button variant="contained" onClick={close}>
                Done
              </Button>
            </DialogActions>
          </>
        ) : (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              create.run({ username, email, roles });
            }}
          >
            <DialogContent>
              <Stack spacing={2} sx={{ mt: 1 }}>
                {create.error && !create.fieldError("username") && !create.fieldError("email") && !create.fieldError("roles") && <Alert severity="error">{create.error}</Alert>}
                <TextField
                  label="Username"
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                  error={!!create.fieldError("username")}
                  helperText={create.fieldError("username")}
                  autoFocus
                  required
                />
                <TextField
                  label="Email"
                  type="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  error={!!create.fieldError("email")}
                  helperText={create.fieldError("email") ?? "Optional."}
                />
                <RoleCheckboxes value={roles} onChange={setRoles} error={create.fieldError("roles")} />
              </Stack>
            </DialogContent>
            <DialogActions>
              <Button onClick={close}>Cancel</Button>
              <Button type="submit" variant="contained" loading={create.pending}>
                Create
              </Button>
            </DialogActions>
          </form>
        )}
      </Dialog>
    </>
  );
}
