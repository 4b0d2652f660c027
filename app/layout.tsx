import type { Metadata } from "next";
import { ThemeRegistry } from "@/components/theme-registry";

export const metadata: Metadata = {
  title: { default: "Duplex", template: "%s · Duplex" },
  description: "Duplex: design, publish, secure and consume WebSocket APIs.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ThemeRegistry>{children}</ThemeRegistry>
      </body>
    </html>
  );
}
