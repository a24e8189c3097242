"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { AuditEventDto } from "@/lib/audit/query";
import { errorMessage } from "../api/client";
import styles from "./audit.module.css";
import { AuditFilterBar } from "./audit-filter-bar";
import { AuditTable } from "./audit-table";
import { EventDrawer } from "./event-drawer";
import { ExportButtons } from "./export-buttons";
import { useAuditLog } from "./use-audit-log";
import { filtersFrom, queryString, type UrlFilters } from "./url-filters";

/** The audit-log page's client part: URL-synced filters, the event table, the detail drawer, exports. */
export function AuditLogView({ types, levels }: { types: readonly string[]; levels: readonly string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(searchParams.toString())), [searchParams]);
  const log = useAuditLog(filters);
  const [open, setOpen] = useState<AuditEventDto | null>(null);
  const events = log.data?.pages.flatMap((p) => p.events) ?? [];

  const apply = (next: UrlFilters) => router.replace(`${pathname}${queryString(next)}`, { scroll: false });

  return (
    <>
      <AuditFilterBar key={queryString(filters)} filters={filters} types={types} levels={levels} onApply={apply} />
      <section className="section" aria-labelledby="audit-events-title">
        <div className={styles.toolbar}>
          <h2 id="audit-events-title">Events</h2>
          <ExportButtons filters={filters} />
        </div>
        <div role="status" aria-live="polite">
          {log.isPending ? <p>Loading events…</p> : null}
          {log.isSuccess && events.length === 0 ? (
            <p className="alert alert-info">No events match these filters.</p>
          ) : null}
        </div>
        {log.isError ? (
          <p className="alert alert-error" role="alert">
            {errorMessage(log.error)}{" "}
            <button type="button" className="button button-small button-secondary" onClick={() => void log.refetch()}>Try again</button>
          </p>
        ) : null}
        {events.length > 0 ? <AuditTable events={events} onOpen={setOpen} /> : null}
        {log.hasNextPage ? (
          <div className="form-actions">
            <button type="button" className="button button-secondary" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              {log.isFetchingNextPage ? "Loading…" : "Load older events"}
            </button>
          </div>
        ) : null}
        {log.isFetchNextPageError ? <p className="alert alert-error" role="alert">{errorMessage(log.error)}</p> : null}
      </section>
      <EventDrawer event={open} onClose={() => setOpen(null)} />
    </>
  );
}
