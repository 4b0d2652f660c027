import Breadcrumbs from "@mui/material/Breadcrumbs";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import type { ApiStatus } from "@/generated/prisma/enums";
import { StatusChip } from "./status-chip";

/** The top of an API's pages in either portal: breadcrumbs, name, version, status, and what the portal adds. */
export function ApiHeader(props: {
  listHref: string;
  api: { name: string; version: string; status: ApiStatus };
  badges?: React.ReactNode;
  actions?: React.ReactNode;
  subtitle: React.ReactNode;
}) {
  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }}>
        <Link href={props.listHref}>APIs</Link>
        <Typography color="text.primary">{props.api.name}</Typography>
      </Breadcrumbs>
      <Stack direction="row" sx={{ alignItems: "center", flexWrap: "wrap", columnGap: 2, rowGap: 1 }}>
        <Typography variant="h4" component="h1" sx={{ overflowWrap: "anywhere", fontSize: { xs: "1.6rem", md: undefined } }}>
          {props.api.name}
        </Typography>
        <Typography variant="h6" color="text.secondary" component="span">
          {props.api.version}
        </Typography>
        <StatusChip status={props.api.status} size="medium" />
        {props.badges}
        {props.actions && <Stack sx={{ flex: 1, alignItems: "flex-end" }}>{props.actions}</Stack>}
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {props.subtitle}
      </Typography>
    </>
  );
}
