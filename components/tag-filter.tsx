import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";

/** Browse by tag: each tag links to the catalogue filtered by it; the chosen one links back to all. */
export function TagFilter({ tags, chosen, href }: { tags: { tag: string; count: number }[]; chosen?: string; href: (tag?: string) => string }) {
  if (tags.length === 0) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 3, flexWrap: "wrap", alignItems: "center" }} component="nav" aria-label="Tags">
      <Typography variant="body2" color="text.secondary" sx={{ mr: 0.5 }}>
        Tags
      </Typography>
      {tags.map(({ tag, count }) => {
        const selected = tag === chosen;
        return (
          <Chip
            key={tag}
            component="a"
            href={href(selected ? undefined : tag)}
            clickable
            size="small"
            label={`${tag} (${count})`}
            color={selected ? "primary" : "default"}
            variant={selected ? "filled" : "outlined"}
            aria-current={selected ? "true" : undefined}
          />
        );
      })}
    </Stack>
  );
}

/** An API's tags as quiet labels (inside a card that is itself a link, so not links). */
export function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: "wrap", mt: 1 }} aria-label="Tags">
      {tags.map((t) => (
        <Typography key={t} variant="caption" sx={{ color: "secondary.main", fontWeight: 500 }}>
          #{t}
        </Typography>
      ))}
    </Stack>
  );
}
