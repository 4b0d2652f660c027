import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton shape="cards" label="Loading the overview…" />;
}
