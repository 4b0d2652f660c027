-- CreateEnum
CREATE TYPE "DenyPolicyType" AS ENUM ('API_CONTEXT', 'APPLICATION', 'USER', 'IP_RANGE');

-- CreateTable
CREATE TABLE "DenyPolicy" (
    "id" TEXT NOT NULL,
    "type" "DenyPolicyType" NOT NULL,
    "value" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DenyPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DenyPolicy_type_value_key" ON "DenyPolicy"("type", "value");

