import ApiIcon from "@mui/icons-material/Api";
import Chip from "@mui/material/Chip";
import Grid from "@mui/material/Grid";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { ApiCard } from "@/components/api-card";
import { EmptyState } from "@/components/empty-state";
import { SearchBar } from "@/components/search-bar";
import { TagFilter } from "@/components/tag-filter";
import { listPortalApis, listPortalTags } from "@/lib/apis";

export const metadata = { title: "APIs" };
export const dynamic = "force-dynamic";

export default async function CataloguePage({ searchParams }: { searchParams: Promise<{ q?: string; tag?: string }> }) {
  const { q, tag } = await searchParams;
  const [apis, tags] = await Promise.all([listPortalApis(q, tag), listPortalTags()]);
  const tagHref = (t?: string) => {
    const params = new URLSearchParams({ ...(q ? { q } : {}), ...(t ? { tag: t } : {}) });
    return `/devportal/apis${params.size ? `?${params}` : ""}`;
  };
  return (
    <>
      <Typography variant="h4" component="h1">
        APIs
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        WebSocket APIs you can subscribe to.
      </Typography>
      <SearchBar query={q} placeholder="Search by name, context, tag or description" />
      <TagFilter tags={tags} chosen={tag?.toLowerCase()} href={tagHref} />
      {apis.length === 0 && (q?.trim() || tag) ? (
        <EmptyState title="No APIs match" text={`Nothing matches ${[q?.trim() && `"${q.trim()}"`, tag && `the tag ${tag}`].filter(Boolean).join(" with ")}. Try other words.`} />
      ) : apis.length === 0 ? (
        <EmptyState icon={<ApiIcon />} title="No APIs published yet" text="When an API creator publishes a WebSocket API, it shows up here." />
      ) : (
        <Grid container spacing={2}>
          {apis.map((api) => (
            <Grid key={api.id} size={{ xs: 12, sm: 6, lg: 4 }}>
              <ApiCard
                href={`/devportal/apis/${api.id}`}
                name={api.name}
                version={api.version}
                context={api.context}
                status={api.status}
                provider={api.provider.username}
                description={api.description}
                tags={api.tags}
                footer={
                  <Stack direction="row" spacing={0.5} sx={{ mt: 1.5, flexWrap: "wrap" }}>
                    {api.plans.map(({ plan }) => (
                      <Chip key={plan.id} label={plan.name} size="small" variant="outlined" />
                    ))}
                  </Stack>
                }
              />
            </Grid>
          ))}
        </Grid>
      )}
    </>
  );
}
