-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

