-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "asyncApiDefinition" TEXT;

