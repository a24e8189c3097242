import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLogView } from "@/components/audit/audit-log-view";
import { PageHeader } from "@/components/page-header";
import { auditEventTypeSchema, auditLevelSchema } from "@/lib/audit/schema";
import { requireAdmin } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requireAdmin();
  return (
    <>
      <PageHeader title="Audit log">
        Who did what, from where, and what PrintGuard blocked. Every event is chained to the one before it by a
        hash, so an edited or deleted row shows up in verification.
      </PageHeader>
      <Suspense fallback={<p role="status">Loading events…</p>}>
        <AuditLogView types={auditEventTypeSchema.options} levels={auditLevelSchema.options} />
      </Suspense>
    </>
  );
}
