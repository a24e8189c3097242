import type { Metadata } from "next";
import { CachePanel } from "@/components/cache/cache-panel";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Performance" };

// Minimal page for the cache panel; the performance issue rebuilds it around request metrics.
export default async function PerformancePage() {
  await requireAdmin();
  return (
    <>
      <PageHeader title="Performance">How well the cache serves requests, and how much compression saves.</PageHeader>
      <CachePanel />
    </>
  );
}
