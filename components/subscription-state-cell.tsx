import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";

/** A subscription's state in a grid cell, with the sentence that explains it (lib/subscription-state.ts) below. */
export function SubscriptionStateCell({ label, note }: { label: string; note: string | null }) {
  return (
    <Box sx={{ py: 1, whiteSpace: "normal", lineHeight: 1.4 }}>
      {label}
      {note && (
        <Typography variant="caption" component="div" color="text.secondary">
          {note}
        </Typography>
      )}
    </Box>
  );
}
