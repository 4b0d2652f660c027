import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton shape="form" label="Loading the runtime settings…" />;
}
