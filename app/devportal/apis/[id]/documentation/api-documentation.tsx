import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { DocumentedChannel } from "@/lib/asyncapi";
import { SchemaView } from "./schema-view";
import { SectionCard } from "@/components/section-card";

const meaning = { Publish: "Clients send these messages", Subscribe: "Clients receive these messages" } as const;

/** The API's topics as its AsyncAPI definition describes them. */
export function ApiDocumentation({ channels }: { channels: DocumentedChannel[] }) {
  return (
    <Stack spacing={2}>
      {channels.map((channel) => (
        <SectionCard key={channel.address} title="Topic">
          <Typography variant="h6" component="h2" sx={{ fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" }}>
            {channel.address}
          </Typography>
          {channel.description && <Typography color="text.secondary">{channel.description}</Typography>}
          {channel.parameters.length > 0 && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              Parameters: {channel.parameters.map((p) => `{${p.name}}${p.description ? ` (${p.description})` : ""}`).join(", ")}
            </Typography>
          )}
          <Stack spacing={2} sx={{ mt: 2 }}>
            {channel.operations.map((op) => (
              <Box key={op.kind} sx={{ p: 2, borderRadius: 2, bgcolor: "action.hover" }}>
                <Stack direction="row" spacing={1} sx={{ alignItems: "center", mb: 1 }}>
                  <Chip size="small" label={op.kind} color={op.kind === "Publish" ? "primary" : "secondary"} />
                  <Typography variant="body2" color="text.secondary">
                    {meaning[op.kind]}
                    {op.summary ? ` — ${op.summary}` : ""}
                  </Typography>
                </Stack>
                {op.messages.map((m) => (
                  <Box key={m.name} sx={{ mt: 1 }}>
                    <Typography variant="subtitle2">
                      Message {m.name.startsWith("<anonymous") ? "" : m.name}
                      {m.contentType && (
                        <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                          {m.contentType}
                        </Typography>
                      )}
                    </Typography>
                    {m.summary && <Typography variant="body2">{m.summary}</Typography>}
                    <Box sx={{ mt: 0.5 }}>
                      <SchemaView schema={m.payload as Record<string, unknown>} />
                    </Box>
                  </Box>
                ))}
              </Box>
            ))}
          </Stack>
        </SectionCard>
      ))}
    </Stack>
  );
}
