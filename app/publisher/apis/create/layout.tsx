import { requireRole } from "@/app/_server/session";

// Creating an API needs the creator role: checked here, above the pages' loading skeletons, so
// that the refusal is answered 403 before anything streams (a page's own forbidden() would
// come after its skeleton, with a 200). Signed-out visitors were sent to sign in by proxy.ts.
export default async function CreateApiLayout({ children }: { children: React.ReactNode }) {
  await requireRole("/publisher/apis/create", ["CREATOR"]);
  return children;
}
