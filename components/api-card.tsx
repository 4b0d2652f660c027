import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { ApiStatus } from "@/generated/prisma/enums";
import { CardLink } from "./card-link";
import { StatusChip } from "./status-chip";
import { TagList } from "./tag-filter";

export function ApiCard(props: {
  href: string;
  name: string;
  version: string;
  context: string;
  status: ApiStatus;
  provider: string;
  description?: string;
  tags?: string[];
  footer?: React.ReactNode;
}) {
  return (
    <CardLink href={props.href}>
        <CardContent sx={{ width: "100%" }}>
          <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "flex-start", mb: 1 }}>
            <Typography variant="h6" component="h2" sx={{ wordBreak: "break-word" }}>
              {props.name}
            </Typography>
            <StatusChip status={props.status} />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            Version <strong>{props.version}</strong> · <code>{props.context}</code>
          </Typography>
          <Typography variant="body2" color="text.secondary">
            By {props.provider}
          </Typography>
          {props.description && (
            <Typography variant="body2" sx={{ mt: 1, display: "-webkit-box", WebkitLineClamp: 2, WebkitBoxOrient: "vertical", overflow: "hidden" }}>
              {props.description}
            </Typography>
          )}
          <TagList tags={props.tags ?? []} />
          {props.footer}
        </CardContent>
    </CardLink>
  );
}
