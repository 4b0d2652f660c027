import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";

/** The centred card of the sign-in, sign-up and change-password pages: 420 px, or the screen's width less a margin on a phone. */
export function AuthCard({ subtitle, children }: { subtitle: string; children: React.ReactNode }) {
  return (
    <Box sx={{ minHeight: "100vh", display: "grid", placeItems: "center", px: 2, background: "linear-gradient(135deg, #e8eaf6 0%, #e0f2f1 100%)" }}>
      <Card sx={{ width: "100%", maxWidth: 420, p: 1 }} elevation={0}>
        <CardContent>
          <Typography variant="h5" color="primary" sx={{ fontWeight: 800 }}>
            Duplex
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
            {subtitle}
          </Typography>
          {children}
        </CardContent>
      </Card>
    </Box>
  );
}
