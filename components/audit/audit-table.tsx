"use client";

import type { AuditEventDto } from "@/lib/audit/query";
import { DateTime } from "../ui/date-time";
import styles from "./audit.module.css";
import { actorLabel } from "./actor-label";
import { LevelBadge } from "./level-badge";

/**
 * The loaded pages of events. Only what was fetched (100 rows a page, by keyset cursor) is in
 * the DOM, so the table is as fast over a million stored rows as over a hundred.
 */
export function AuditTable({ events, onOpen }: { events: AuditEventDto[]; onOpen: (event: AuditEventDto) => void }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Audit events, newest first">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Level</th>
            <th scope="col">Actor</th>
            <th scope="col">IP</th>
            <th scope="col">Request</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} data-testid="audit-row">
              <td className={styles.time}><DateTime iso={event.time} /></td>
              <td>
                <button type="button" className={styles.rowButton} onClick={() => onOpen(event)} aria-label={`Show event ${event.seq}: ${event.type}`}>
                  {event.type}
                </button>
                {event.count > 1 ? <span className={styles.count}> ×{event.count}</span> : null}
              </td>
              <td><LevelBadge level={event.level} /></td>
              <td>{actorLabel(event.actor)}</td>
              <td className={styles.mono}>{event.ip ?? "—"}</td>
              <td className={styles.mono}>{[event.method, event.route].filter(Boolean).join(" ") || "—"}</td>
              <td>{event.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
