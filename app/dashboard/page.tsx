import type { Metadata } from "next";
import Link from "next/link";
import { OverviewPanels } from "@/components/monitoring/overview-panels";
import { PageHeader } from "@/components/page-header";
import { SecurityOverviewCard } from "@/components/security/security-overview-card";
import { requireUser } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Overview" };

export default async function DashboardPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Overview">
        The state of the print system&apos;s server at a glance.
      </PageHeader>
      {user.role === "admin" ? (
        <>
          <OverviewPanels />
          <div className="card-grid section">
            <SecurityOverviewCard />
            <section className="card" aria-labelledby="overview-audit-title">
              <h2 id="overview-audit-title">Audit log</h2>
              <p>Who did what, from where, and what PrintGuard blocked; every event hash-chained to the one before.</p>
              <p>
                <Link href="/dashboard/audit">Open the audit log</Link>
              </p>
            </section>
          </div>
          <section className="card section" aria-labelledby="administration-title">
            <h2 id="administration-title">Administration</h2>
            <p>Manage who can sign in and which programs may call the API.</p>
            <div className="form-actions">
              <Link className="button button-secondary" href="/dashboard/users">
                Users
              </Link>
              <Link className="button button-secondary" href="/dashboard/api-keys">
                API keys
              </Link>
            </div>
          </section>
        </>
      ) : (
        <p className="muted section">Server health, alerts and request metrics are shown to admins.</p>
      )}
    </>
  );
}
