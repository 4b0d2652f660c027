// Runs in every test worker before its test file: the database the global setup chose.
// Workers may have been started before the setup set process.env, so it comes by inject().
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
// Scratch databases a test makes carry the run's name, so the run drops them if the test cannot.
process.env.DUPLEX_TEST_RUN = inject("testRun");
