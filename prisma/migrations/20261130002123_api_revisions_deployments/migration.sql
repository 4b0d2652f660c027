-- CreateEnum
CREATE TYPE "GatewayEnvironment" AS ENUM ('Development', 'Production');

-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "lastRevisionNumber" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ApiRevision" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "config" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT NOT NULL,

    CONSTRAINT "ApiRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiDeployment" (
    "apiId" TEXT NOT NULL,
    "environment" "GatewayEnvironment" NOT NULL,
    "revisionId" TEXT NOT NULL,
    "deployedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deployedById" TEXT NOT NULL,

    CONSTRAINT "ApiDeployment_pkey" PRIMARY KEY ("apiId","environment")
);

-- CreateTable
CREATE TABLE "DeploymentEvent" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "environment" "GatewayEnvironment" NOT NULL,
    "action" TEXT NOT NULL,
    "revisionNumber" INTEGER NOT NULL,
    "fromRevisionNumber" INTEGER,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeploymentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiRevision_apiId_number_key" ON "ApiRevision"("apiId", "number");

-- CreateIndex
CREATE INDEX "ApiDeployment_environment_idx" ON "ApiDeployment"("environment");

-- CreateIndex
CREATE INDEX "DeploymentEvent_apiId_createdAt_idx" ON "DeploymentEvent"("apiId", "createdAt");

-- AddForeignKey
ALTER TABLE "ApiRevision" ADD CONSTRAINT "ApiRevision_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiRevision" ADD CONSTRAINT "ApiRevision_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiDeployment" ADD CONSTRAINT "ApiDeployment_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiDeployment" ADD CONSTRAINT "ApiDeployment_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "ApiRevision"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiDeployment" ADD CONSTRAINT "ApiDeployment_deployedById_fkey" FOREIGN KEY ("deployedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentEvent" ADD CONSTRAINT "DeploymentEvent_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentEvent" ADD CONSTRAINT "DeploymentEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Backfill: an API the gateways served before deployments existed keeps being served. Its
-- topics and endpoints become its revision 1, deployed to Production (lib/revisions.ts shape).
INSERT INTO "ApiRevision" ("id", "apiId", "number", "description", "config", "createdById")
SELECT gen_random_uuid()::text, a."id", 1, 'The configuration served when deployments were introduced',
  jsonb_build_object(
    'context', a."context",
    'version', a."version",
    'topics', COALESCE((SELECT jsonb_agg(jsonb_build_object('name', t."name", 'publish', t."publish", 'subscribe', t."subscribe", 'urlMapping', t."urlMapping", 'description', t."description") ORDER BY t."name") FROM "Topic" t WHERE t."apiId" = a."id"), '[]'::jsonb),
    'endpoints', COALESCE((SELECT jsonb_agg(jsonb_build_object('type', e."type", 'url', e."url", 'config', e."config") ORDER BY e."type") FROM "Endpoint" e WHERE e."apiId" = a."id"), '[]'::jsonb)
  ),
  a."providerId"
FROM "Api" a
WHERE a."status" IN ('PUBLISHED', 'PROTOTYPED', 'DEPRECATED', 'BLOCKED');

UPDATE "Api" SET "lastRevisionNumber" = 1 WHERE "id" IN (SELECT "apiId" FROM "ApiRevision");

INSERT INTO "ApiDeployment" ("apiId", "environment", "revisionId", "deployedById")
SELECT "apiId", 'Production', "id", "createdById" FROM "ApiRevision";

INSERT INTO "DeploymentEvent" ("id", "apiId", "environment", "action", "revisionNumber", "userId")
SELECT gen_random_uuid()::text, "apiId", 'Production', 'Deploy', 1, "createdById" FROM "ApiRevision";
