import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton shape="grid" label="Loading the API keys…" />;
}
