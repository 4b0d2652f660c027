"use client";
// The API's pages, grouped as Bijira and WSO2 4.x group them (Develop, Deploy, Manage,
// Analytics): a second navigation on the left from md up, one scrollable row of tabs on a phone.
// Both are tabs that are links: each page of an API is its own URL.
import Box from "@mui/material/Box";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { usePathname } from "next/navigation";

export interface ApiNavGroup {
  label: string;
  pages: { href: string; label: string }[];
}

export function ApiNav({ groups, children }: { groups: ApiNavGroup[]; children: React.ReactNode }) {
  const pathname = usePathname();
  const all = groups.flatMap((g) => g.pages);
  // The longest matching address: the Overview ("") would otherwise match every page.
  const current = all.findLast((p) => pathname === p.href || pathname.startsWith(`${p.href}/`))?.href ?? false;
  const tab = (p: { href: string; label: string }, vertical: boolean) => (
    <Tab
      key={p.href}
      value={p.href}
      label={p.label}
      component={Link}
      href={p.href}
      sx={vertical ? { alignItems: "flex-start", textAlign: "left", textTransform: "none", fontSize: "0.95rem", minHeight: 40, px: 1.5, py: 1, borderRadius: 2, "&.Mui-selected": { bgcolor: "action.selected" } } : undefined}
    />
  );
  return (
    <Box sx={{ display: "flex", flexDirection: { xs: "column", md: "row" }, gap: { xs: 0, md: 4 }, alignItems: "flex-start" }}>
      <Box component="nav" aria-label="API pages" sx={{ display: { xs: "none", md: "block" }, width: 180, flexShrink: 0, position: "sticky", top: 88 }}>
        {groups.map((g) => (
          <Box key={g.label} sx={{ mb: 2 }}>
            <Typography variant="overline" color="text.secondary" sx={{ px: 1.5, display: "block", lineHeight: 2 }}>
              {g.label}
            </Typography>
            <Tabs
              orientation="vertical"
              value={g.pages.some((p) => p.href === current) ? current : false}
              aria-label={g.label}
              slotProps={{ indicator: { sx: { left: 0, right: "auto" } } }}
            >
              {g.pages.map((p) => tab(p, true))}
            </Tabs>
          </Box>
        ))}
      </Box>
      <Box sx={{ display: { xs: "block", md: "none" }, width: "100%", mb: 2 }}>
        <Tabs value={current} aria-label="API pages" variant="scrollable" scrollButtons={false} sx={{ borderBottom: 1, borderColor: "divider" }}>
          {all.map((p) => tab(p, false))}
        </Tabs>
      </Box>
      <Box sx={{ flex: 1, minWidth: 0, width: "100%" }}>{children}</Box>
    </Box>
  );
}
