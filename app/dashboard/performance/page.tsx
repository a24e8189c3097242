import type { Metadata } from "next";
import { CachePanel } from "@/components/cache/cache-panel";
import { PerformanceView } from "@/components/monitoring/performance-view";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Performance" };

export default async function PerformancePage() {
  await requireAdmin();
  return (
    <>
      <PageHeader title="Performance">
        Response times and errors of every page and API route, the slowest recent requests, and how well the cache
        serves them.
      </PageHeader>
      <PerformanceView />
      <CachePanel />
    </>
  );
}
