-- Hand-written where Prisma's diff would drop and re-add the environment columns, losing
-- every deployment: the enum's values become rows, and the columns text referring to them.

-- CreateEnum
CREATE TYPE "ApiAccessMode" AS ENUM ('EXTERNAL', 'INTERNAL');

-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "accessMode" "ApiAccessMode" NOT NULL DEFAULT 'EXTERNAL';

-- AlterTable: the enum's values are the rows' names (the primary key and index follow the column)
ALTER TABLE "ApiDeployment" ALTER COLUMN "environment" TYPE TEXT USING "environment"::text;

-- AlterTable
ALTER TABLE "DeploymentEvent" ALTER COLUMN "environment" TYPE TEXT USING "environment"::text;

-- DropEnum (before the table of the same name)
DROP TYPE "GatewayEnvironment";

-- CreateTable
CREATE TABLE "GatewayEnvironment" (
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "wsUrl" TEXT,
    "wssUrl" TEXT,
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GatewayEnvironment_pkey" PRIMARY KEY ("name")
);

-- The two environments there were, with their URLs left to the settings (null).
INSERT INTO "GatewayEnvironment" ("name", "displayName", "description", "updatedAt") VALUES
  ('Development', 'Development', 'For trying a revision before it reaches Production.', CURRENT_TIMESTAMP),
  ('Production', 'Production', 'Where subscribers'' applications connect.', CURRENT_TIMESTAMP);

-- CreateTable
CREATE TABLE "GatewayProcess" (
    "id" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastHeartbeatAt" TIMESTAMP(3) NOT NULL,
    "openConnections" INTEGER NOT NULL DEFAULT 0,
    "configVersion" INTEGER,

    CONSTRAINT "GatewayProcess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ConfigVersion_pkey" PRIMARY KEY ("id")
);

-- Its one row: lib/notify.ts only updates it.
INSERT INTO "ConfigVersion" ("id", "version") VALUES (1, 0);

-- CreateIndex
CREATE INDEX "GatewayProcess_environment_lastHeartbeatAt_idx" ON "GatewayProcess"("environment", "lastHeartbeatAt");

-- AddForeignKey
ALTER TABLE "ApiDeployment" ADD CONSTRAINT "ApiDeployment_environment_fkey" FOREIGN KEY ("environment") REFERENCES "GatewayEnvironment"("name") ON DELETE RESTRICT ON UPDATE CASCADE;
