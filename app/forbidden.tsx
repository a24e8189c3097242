import { ForbiddenNotice } from "@/components/forbidden-notice";

export default function Forbidden() {
  return (
    <main className="standalone-page">
      <ForbiddenNotice />
    </main>
  );
}
