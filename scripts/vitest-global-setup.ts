// vitest's global setup. `npm test` hands vitest a scratch database in DATABASE_URL; run
// alone (`npx vitest run`), vitest gets one here: created and migrated before the tests,
// dropped after them.
import type { TestProject } from "vitest/node";
import { createScratchDatabase, dropRunDatabases, scratchServer, testRun } from "./scratch-db";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    testRun: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  project.provide("testRun", testRun());
  if (process.env.DATABASE_URL) {
    project.provide("databaseUrl", process.env.DATABASE_URL);
    return;
  }
  const server = await scratchServer();
  try {
    const database = await createScratchDatabase(server.adminUrl, "vitest");
    process.env.DATABASE_URL = database.url;
    project.provide("databaseUrl", database.url);
    return async () => {
      await dropRunDatabases(server.adminUrl); // this one, and any a test made and left
      await server.close();
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
