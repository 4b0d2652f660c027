"use client";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** Tabs that are links: each page of an API or application is its own URL. No scroll arrows: the few tabs fit, and a phone swipes. */
export function LinkTabs({ tabs, label }: { tabs: { href: string; label: string }[]; label: string }) {
  const pathname = usePathname();
  const current = tabs.findLast((t) => pathname === t.href || pathname.startsWith(`${t.href}/`))?.href ?? false;
  return (
    <Tabs value={current} aria-label={label} variant="scrollable" scrollButtons={false} sx={{ borderBottom: 1, borderColor: "divider", mb: 3 }}>
      {tabs.map((t) => (
        <Tab key={t.href} value={t.href} label={t.label} component={Link} href={t.href} />
      ))}
    </Tabs>
  );
}
