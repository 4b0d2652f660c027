import Box from "@mui/material/Box";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { CardLink } from "@/components/card-link";

const portals = [
  { href: "/publisher", title: "Publisher", text: "Create WebSocket APIs, shape their topics and endpoints, and publish them." },
  { href: "/devportal", title: "Developer Portal", text: "Find APIs, subscribe with an application, and get keys and tokens." },
];

export default function Home() {
  return (
    <Box sx={{ minHeight: "100vh", display: "grid", placeItems: "center", p: 4, background: "linear-gradient(135deg, #e8eaf6 0%, #e0f2f1 100%)" }}>
      <Box sx={{ maxWidth: 760 }}>
        <Typography variant="h3" color="primary" sx={{ fontWeight: 800 }}>
          Duplex
        </Typography>
        <Typography variant="h6" color="text.secondary" sx={{ mb: 4, fontWeight: 400 }}>
          The WebSocket API manager: publish, secure, throttle and observe real-time APIs.
        </Typography>
        <Stack direction={{ xs: "column", sm: "row" }} spacing={3}>
          {portals.map((p) => (
            <Box key={p.href} sx={{ flex: 1 }}>
              <CardLink href={p.href} elevation={0}>
                <CardContent sx={{ p: 3 }}>
                  <Typography variant="h5">{p.title}</Typography>
                  <Typography color="text.secondary">{p.text}</Typography>
                </CardContent>
              </CardLink>
            </Box>
          ))}
        </Stack>
      </Box>
    </Box>
  );
}
