import type { Metadata } from "next";
import Link from "next/link";
import { ComingSoonCard } from "@/components/coming-soon-card";
import { OverviewPanels } from "@/components/monitoring/overview-panels";
import { PageHeader } from "@/components/page-header";
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
        <OverviewPanels />
      ) : (
        <p className="muted section">Server health, alerts and request metrics are shown to admins.</p>
      )}
      <div className="card-grid section">
        <ComingSoonCard title="Security" arrivesWith="security">
          Blocked requests and rate limiting.
        </ComingSoonCard>
        <ComingSoonCard title="Audit log" arrivesWith="audit log">
          Who changed what, and when.
        </ComingSoonCard>
      </div>
      {user.role === "admin" ? (
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
      ) : null}
    </>
  );
}
