import { redirect } from "next/navigation";

export default function DevportalHome() {
  redirect("/devportal/apis");
}
