import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";
import { SignInForm } from "@/components/sign-in-form";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <Box sx={{ minHeight: "100vh", display: "grid", placeItems: "center", background: "linear-gradient(135deg, #e8eaf6 0%, #e0f2f1 100%)" }}>
      <Card sx={{ width: 400, p: 1 }} elevation={0}>
        <CardContent>
          <Typography variant="h5" color="primary" sx={{ fontWeight: 800 }}>
            Duplex
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
            Sign in to the Publisher and the Developer Portal
          </Typography>
          <SignInForm callbackUrl={callbackUrl} />
        </CardContent>
      </Card>
    </Box>
  );
}
