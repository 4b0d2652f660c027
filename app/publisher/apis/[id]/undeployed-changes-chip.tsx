"use client";
import WarningAmberIcon from "@mui/icons-material/WarningAmber";
import Chip from "@mui/material/Chip";
import Link from "next/link";

/** In the API's header: the working copy differs from what these environments serve; leads to the Deployments tab. */
export function UndeployedChangesChip({ href, environments }: { href: string; environments: string[] }) {
  return (
    <Chip
      component={Link}
      href={href}
      clickable
      icon={<WarningAmberIcon />}
      color="warning"
      variant="outlined"
      label="Undeployed changes"
      title={`The working copy differs from what ${environments.join(" and ")} serves`}
    />
  );
}
