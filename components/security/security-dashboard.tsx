"use client";

import Link from "next/link";
import type { SecurityStatus } from "@/lib/audit/status";
import { errorMessage } from "../api/client";
import { EventsByLevelChart, EventsByTypeChart } from "./events-charts";
import { LEVELS } from "./level-colors";
import styles from "./security.module.css";
import { useAuditStats, useSecurityStatus } from "./use-security";

function LevelCounts({ title, counts }: { title: string; counts: SecurityStatus["lastHour"] }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}: {counts.total}</h2>
      <dl className={styles.counts}>
        {LEVELS.map((level) => (
          <div key={level}>
            <dt>{level}</dt>
            <dd>{counts.byLevel[level]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function TopOffenders({ offenders }: { offenders: SecurityStatus["topOffenders"] }) {
  return (
    <section className="card" aria-labelledby="offenders-title">
      <h2 id="offenders-title">Top offending IPs, last 24 hours</h2>
      {offenders.length === 0 ? (
        <p className="muted">No refused or flagged requests.</p>
      ) : (
        <table className="table">
          <thead>
            <tr><th scope="col">IP</th><th scope="col">Refused or flagged</th></tr>
          </thead>
          <tbody>
            {offenders.map((o) => (
              <tr key={o.ip}>
                <td className={styles.mono}><Link href={`/dashboard/audit?ip=${encodeURIComponent(o.ip)}`}>{o.ip}</Link></td>
                <td>{o.events}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Protections({ protections }: { protections: SecurityStatus["protections"] }) {
  return (
    <section className="card" aria-labelledby="protections-title">
      <h2 id="protections-title">Protections</h2>
      <dl className="details-list">
        <dt>Sanitizer</dt>
        <dd>{protections.sanitizer.mode}</dd>
        {Object.entries(protections.sanitizer.families).map(([family, mode]) => (
          <FamilyMode key={family} family={family} mode={mode} />
        ))}
        <dt>Rate limiting</dt>
        <dd>{protections.rateLimit.mode} (store: {protections.rateLimit.store}, when the store fails: fail {protections.rateLimit.failMode})</dd>
        <dt>Audit retention</dt>
        <dd>{protections.audit.retentionDays} days</dd>
      </dl>
    </section>
  );
}

function FamilyMode({ family, mode }: { family: string; mode: string }) {
  return (
    <>
      <dt className="muted">{family.replace(/_/g, " ")}</dt>
      <dd>{mode}</dd>
    </>
  );
}

/** Threat summary, charts of the last 24 hours, top offenders and protection modes; refreshed every 30 s. */
export function SecurityDashboard() {
  const status = useSecurityStatus();
  const stats = useAuditStats();
  return (
    <>
      <div role="status" aria-live="polite">
        {status.isPending || stats.isPending ? <p>Loading security status…</p> : null}
      </div>
      {status.isError || stats.isError ? (
        <p className="alert alert-error" role="alert">{errorMessage(status.error ?? stats.error)}</p>
      ) : null}
      {status.isSuccess ? (
        <div className={`section ${styles.grid}`}>
          <LevelCounts title="Last hour" counts={status.data.lastHour} />
          <LevelCounts title="Last 24 hours" counts={status.data.lastDay} />
        </div>
      ) : null}
      {stats.isSuccess ? (
        <div className={`section ${styles.grid}`}>
          <EventsByLevelChart stats={stats.data} />
          <EventsByTypeChart stats={stats.data} />
        </div>
      ) : null}
      {status.isSuccess ? (
        <div className={`section ${styles.grid}`}>
          <TopOffenders offenders={status.data.topOffenders} />
          <Protections protections={status.data.protections} />
        </div>
      ) : null}
    </>
  );
}
