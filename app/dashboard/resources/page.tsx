import type { Metadata } from "next";
import { ResourcesView } from "@/components/monitoring/resources-view";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Resources" };

export default async function ResourcesPage() {
  await requireAdmin();
  return (
    <>
      <PageHeader title="Resources">
        CPU, memory, disk and network of the server PrintGuard runs on, sampled every few seconds.
      </PageHeader>
      <ResourcesView />
    </>
  );
}
