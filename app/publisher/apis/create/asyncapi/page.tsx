import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { ImportAsyncApiForm } from "./import-asyncapi-form";

export const metadata = { title: "Import AsyncAPI" };

export default async function ImportAsyncApiPage() {
  const actor = await requireRole("/publisher/apis/create/asyncapi", ["CREATOR"]);
  return (
    <>
      <Typography variant="h4" component="h1">
        Import AsyncAPI
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        Create a WebSocket API from an AsyncAPI definition you already have.
      </Typography>
      <ImportAsyncApiForm />
    </>
  );
}
