import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SecurityDashboard } from "@/components/security/security-dashboard";
import { requireAdmin } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  await requireAdmin();
  return (
    <>
      <PageHeader title="Security">
        What the request guard refused or flagged, over time and by source, and how each protection is set.
      </PageHeader>
      <SecurityDashboard />
    </>
  );
}
