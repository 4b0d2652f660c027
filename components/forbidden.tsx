import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Box from "@mui/material/Box";

export function Forbidden({ what }: { what: string }) {
  return (
    <Box sx={{ maxWidth: 640, mx: "auto", mt: 10 }}>
      <Alert severity="warning" variant="outlined">
        <AlertTitle>You cannot open the {what}</AlertTitle>
        Your account does not have a role that may use it. Ask an administrator for the creator or publisher role, or go to the{" "}
        <a href="/devportal">Developer Portal</a>.
      </Alert>
    </Box>
  );
}
