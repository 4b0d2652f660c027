import type { Metadata } from "next";
import { headers } from "next/headers";
import { ThemeRegistry } from "@/components/theme-registry";

export const metadata: Metadata = {
  title: { default: "Duplex", template: "%s · Duplex" },
  description: "Duplex: design, publish, secure and consume WebSocket APIs.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // This request's nonce (proxy.ts), for the style elements emotion writes.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en">
      <body>
        <ThemeRegistry nonce={nonce}>{children}</ThemeRegistry>
      </body>
    </html>
  );
}
