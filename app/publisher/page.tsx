import { redirect } from "next/navigation";

export default function PublisherHome() {
  redirect("/publisher/apis");
}
