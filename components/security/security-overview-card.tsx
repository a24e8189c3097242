"use client";

import Link from "next/link";
import type { SecurityStatus } from "@/lib/audit/status";
import { QueryStatus } from "../ui/query-status";
import { useSecurityStatus } from "./use-security";

/**
 * The overview's security card: what the guard refused or flagged in the last 24 hours, how much
 * of it was high or critical, and where most of it came from; the Security page has the rest.
 */
export function SecurityOverviewCard() {
  const status = useSecurityStatus();
  return (
    <section className="card" aria-labelledby="overview-security-title">
      <h2 id="overview-security-title">Security</h2>
      <QueryStatus query={status} loading="Loading security events…" />
      {status.data ? <SecuritySummary day={status.data.lastDay} topOffender={status.data.topOffenders[0] ?? null} /> : null}
      <p>
        <Link href="/dashboard/security">Open the security page</Link>
      </p>
    </section>
  );
}

function SecuritySummary({ day, topOffender }: { day: SecurityStatus["lastDay"]; topOffender: SecurityStatus["topOffenders"][number] | null }) {
  const serious = day.byLevel.high + day.byLevel.critical;
  return (
    <>
      <p className="health-value" data-testid="overview-security-total">
        {day.total} {day.total === 1 ? "event" : "events"}
      </p>
      <p className="muted">
        Last 24 hours · {serious} high or critical
        {topOffender ? ` · most from ${topOffender.ip} (${topOffender.events})` : ""}
      </p>
    </>
  );
}
