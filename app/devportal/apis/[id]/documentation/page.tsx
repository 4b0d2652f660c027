import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { ApiDocumentation } from "./api-documentation";
import { DownloadMenu } from "@/components/definition-download-menu";
import { documentation } from "@/lib/asyncapi";
import { portalApi } from "@/app/_server/reads";

export const metadata = { title: "Documentation" };

export default async function DocumentationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await portalApi(id);
  const channels = await documentation(api);
  return (
    <>
      <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center", mb: 2 }}>
        <Typography color="text.secondary">Every topic of the API, what clients send and receive on it, and the shape of each message.</Typography>
        <DownloadMenu href={`/devportal/apis/${api.id}/documentation/asyncapi`} />
      </Stack>
      <ApiDocumentation channels={channels} />
    </>
  );
}
