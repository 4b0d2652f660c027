import Typography from "@mui/material/Typography";
import { requireRole } from "@/app/_server/session";
import { AsyncApiEditor } from "./asyncapi-editor";
import { definitionText } from "@/lib/asyncapi";
import { hasRole, publisherRoles } from "@/lib/roles";

export const metadata = { title: "AsyncAPI Definition" };

export default async function AsyncApiPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole(`/publisher/apis/${id}/asyncapi`, publisherRoles);
  const text = await definitionText(actor, id);
  return (
    <>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        AsyncAPI 2.6, generated from the API&apos;s topics and gateway URLs. Edit it to describe messages and payloads; <strong>Save</strong> validates it
        and turns its channels into the API&apos;s topics.
      </Typography>
      <AsyncApiEditor apiId={id} initial={text} canEdit={hasRole(actor, "CREATOR")} />
    </>
  );
}
