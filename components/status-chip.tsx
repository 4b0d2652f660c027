import Chip from "@mui/material/Chip";
import type { ApiStatus } from "@/generated/prisma/enums";

const colors: Record<ApiStatus, "default" | "success" | "info" | "warning" | "error"> = {
  CREATED: "default",
  PROTOTYPED: "info",
  PUBLISHED: "success",
  BLOCKED: "error",
  DEPRECATED: "warning",
  RETIRED: "default",
};

export function statusLabel(status: ApiStatus): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

export function StatusChip({ status, size = "small" }: { status: ApiStatus; size?: "small" | "medium" }) {
  return <Chip label={statusLabel(status)} color={colors[status]} size={size} variant={status === "RETIRED" ? "outlined" : "filled"} />;
}
