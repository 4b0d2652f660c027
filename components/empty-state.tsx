import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";

export function EmptyState(props: { title: string; text: string; action?: React.ReactNode; icon?: React.ReactNode }) {
  return (
    <Box sx={{ textAlign: "center", py: 10, px: 2, border: 1, borderStyle: "dashed", borderColor: "divider", borderRadius: 3, bgcolor: "background.paper" }}>
      {props.icon && <Box sx={{ color: "primary.main", mb: 1, "& svg": { fontSize: 48 } }}>{props.icon}</Box>}
      <Typography variant="h6">{props.title}</Typography>
      <Typography color="text.secondary" sx={{ mb: 3, maxWidth: 480, mx: "auto" }}>
        {props.text}
      </Typography>
      {props.action}
    </Box>
  );
}
