import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";

export function SectionCard({ title, children, action }: { title: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <Card sx={{ height: "100%" }}>
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
