import { ForbiddenNotice } from "@/components/forbidden-notice";

/** A 403 below /dashboard keeps the sidebar, so the person can go somewhere they may. */
export default function DashboardForbidden() {
  return <ForbiddenNotice />;
}
