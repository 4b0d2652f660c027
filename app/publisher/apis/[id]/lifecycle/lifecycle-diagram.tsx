import ArrowForwardIcon from "@mui/icons-material/ArrowForward";
import Box from "@mui/material/Box";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { ApiStatus } from "@/generated/prisma/enums";
import { statusLabel } from "@/components/status-chip";

const order: ApiStatus[] = ["CREATED", "PROTOTYPED", "PUBLISHED", "BLOCKED", "DEPRECATED", "RETIRED"];

/** The lifecycle states in order, with the API's current one marked. */
export function LifecycleDiagram({ current }: { current: ApiStatus }) {
  return (
    <Stack direction="row" sx={{ alignItems: "center", flexWrap: "wrap", rowGap: 1 }} aria-label="Lifecycle states">
      {order.map((state, i) => (
        <Stack key={state} direction="row" sx={{ alignItems: "center" }}>
          <Box
            aria-current={state === current ? "step" : undefined}
            sx={{
              px: 2,
              py: 1,
              borderRadius: 5,
              border: 2,
              borderColor: state === current ? "primary.main" : "divider",
              bgcolor: state === current ? "primary.main" : "background.paper",
              color: state === current ? "primary.contrastText" : "text.secondary",
            }}
          >
            <Typography variant="body2" sx={{ fontWeight: state === current ? 700 : 500 }}>
              {statusLabel(state)}
            </Typography>
          </Box>
          {i < order.length - 1 && <ArrowForwardIcon sx={{ mx: 0.5, color: "text.disabled" }} fontSize="small" />}
        </Stack>
      ))}
    </Stack>
  );
}
