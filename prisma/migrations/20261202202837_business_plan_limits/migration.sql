-- CreateEnum
CREATE TYPE "ThrottleAction" AS ENUM ('DROP', 'CLOSE');

-- CreateEnum
CREATE TYPE "DataUnit" AS ENUM ('KB', 'MB', 'GB');

-- AlterTable
ALTER TABLE "BusinessPlan" ADD COLUMN     "bandwidthAmount" INTEGER,
ADD COLUMN     "bandwidthDataUnit" "DataUnit",
ADD COLUMN     "bandwidthTimeUnit" "TimeUnit",
ADD COLUMN     "burstLimit" INTEGER,
ADD COLUMN     "burstTimeUnit" "TimeUnit",
ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "displayName" TEXT,
ADD COLUMN     "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "throttleAction" "ThrottleAction",
-- Existing rows need a value, and the schema has no default (Prisma sets it on every write).
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "BusinessPlan" ALTER COLUMN "updatedAt" DROP DEFAULT;

-- The plans WSO2 ships with, inserted once, here, so that they are ordinary rows an admin
-- edits or deletes: the seed no longer writes them, and a restart changes nothing.
-- Databases seeded before this migration already have them.
INSERT INTO "BusinessPlan" ("id", "name", "description", "eventCount", "timeUnit", "updatedAt") VALUES
  (gen_random_uuid()::text, 'Unlimited', 'Allows unlimited events.', NULL, 'MINUTE', CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, 'Gold', 'Allows 5,000 events per minute.', 5000, 'MINUTE', CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, 'Silver', 'Allows 2,000 events per minute.', 2000, 'MINUTE', CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, 'Bronze', 'Allows 1,000 events per minute.', 1000, 'MINUTE', CURRENT_TIMESTAMP)
ON CONFLICT ("name") DO NOTHING;

