// What a page shows while its data is read (each route's loading.tsx): the shape of what is
// coming, so that nothing looks frozen and nothing jumps when it arrives.
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Grid from "@mui/material/Grid";
import Skeleton from "@mui/material/Skeleton";
import Stack from "@mui/material/Stack";

export type SkeletonShape = "cards" | "grid" | "form" | "editor";

export function PageSkeleton({ shape, label = "Loading…" }: { shape: SkeletonShape; label?: string }) {
  return (
    <Box role="status" aria-live="polite" aria-busy="true" aria-label={label}>
      {shape === "cards" && (
        <Grid container spacing={2}>
          {Array.from({ length: 6 }, (_, i) => (
            <Grid key={i} size={{ xs: 12, sm: 6, lg: 4 }}>
              <Card>
                <CardContent>
                  <Stack direction="row" spacing={2} sx={{ alignItems: "center", mb: 2 }}>
                    <Skeleton variant="rounded" width={48} height={48} />
                    <Box sx={{ flex: 1 }}>
                      <Skeleton width="60%" />
                      <Skeleton width="35%" />
                    </Box>
                  </Stack>
                  <Skeleton />
                  <Skeleton width="80%" />
                </CardContent>
              </Card>
            </Grid>
          ))}
        </Grid>
      )}
      {shape === "grid" && (
        <Card>
          <CardContent>
            <Skeleton variant="text" width={220} sx={{ fontSize: "1.25rem", mb: 2 }} />
            <Skeleton variant="rectangular" height={36} sx={{ mb: 1, borderRadius: 1 }} />
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} variant="rectangular" height={28} sx={{ mb: 1, borderRadius: 1, opacity: 1 - i * 0.15 }} />
            ))}
          </CardContent>
        </Card>
      )}
      {shape === "form" && (
        <Card sx={{ maxWidth: 860 }}>
          <CardContent>
            <Skeleton variant="text" width={200} sx={{ fontSize: "1.25rem", mb: 2 }} />
            <Stack spacing={2}>
              {Array.from({ length: 4 }, (_, i) => (
                <Skeleton key={i} variant="rounded" height={56} />
              ))}
              <Skeleton variant="rounded" width={120} height={36} />
            </Stack>
          </CardContent>
        </Card>
      )}
      {shape === "editor" && (
        <Stack spacing={2}>
          <Stack direction="row" spacing={1}>
            <Skeleton variant="rounded" width={90} height={36} />
            <Skeleton variant="rounded" width={140} height={36} />
            <Skeleton variant="rounded" width={140} height={36} />
          </Stack>
          <Skeleton variant="rounded" height={480} />
        </Stack>
      )}
    </Box>
  );
}
