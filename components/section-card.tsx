import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";

/** A titled card; `fill` makes it as tall as its grid row, so cards side by side line up. */
export function SectionCard({ title, children, action, fill = false }: { title: string; children: React.ReactNode; action?: React.ReactNode; fill?: boolean }) {
  return (
    <Card sx={fill ? { height: "100%" } : undefined}>
      <CardContent>
        <Typography variant="overline" color="text.secondary" component="h2" sx={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
          {title}
          {action}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}
