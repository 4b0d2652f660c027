import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "gateway/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts", "app/**/*.test.ts", "bench/**/*.test.ts"],
    exclude: ["e2e/**", "**/node_modules/**", ".data/**", ".next/**"],
    environment: "node",
    globalSetup: ["scripts/vitest-global-setup.ts"],
    setupFiles: ["scripts/vitest-worker-env.ts"],
    // Integration tests talk to a real PostgreSQL and real sockets.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
