-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "runtime" JSONB NOT NULL DEFAULT '{}';

