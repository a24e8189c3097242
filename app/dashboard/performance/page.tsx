import type { Metadata } from "next";
import { PerformanceView } from "@/components/monitoring/performance-view";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Performance" };

export default async function PerformancePage() {
  await requireAdmin();
  return (
    <>
      <PageHeader title="Performance">
        Response times and errors of every page and API route, and the slowest recent requests.
      </PageHeader>
      <PerformanceView />
      {/* ---- cache panel: the cache issue's components/cache/cache-panel.tsx goes here ----
          import { CachePanel } from "@/components/cache/cache-panel";  →  <CachePanel />
          ---- end cache panel ---- */}
    </>
  );
}
