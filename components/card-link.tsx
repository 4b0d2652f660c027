"use client";
// A card that is one link. Client-side because MUI's `component={Link}` passes a function,
// which server components cannot hand to client ones.
import Card from "@mui/material/Card";
import CardActionArea from "@mui/material/CardActionArea";
import Link from "next/link";

export function CardLink({ href, children, elevation }: { href: string; children: React.ReactNode; elevation?: number }) {
  return (
    <Card sx={{ height: "100%" }} elevation={elevation}>
      <CardActionArea component={Link} href={href} sx={{ height: "100%", alignItems: "stretch", display: "flex", flexDirection: "column", justifyContent: "flex-start" }}>
        {children}
      </CardActionArea>
    </Card>
  );
}
