"use client";

import type { AuditEventDto } from "@/lib/audit/query";
import { CopyButton } from "../ui/copy-button";
import { DateTime } from "../ui/date-time";
import { Dialog } from "../ui/dialog";
import styles from "./audit.module.css";
import { actorLabel } from "./actor-label";
import { LevelBadge } from "./level-badge";

/** One event in full: its facts, then the whole record as JSON (details are redacted at write time). */
export function EventDrawer({ event, onClose }: { event: AuditEventDto | null; onClose: () => void }) {
  const json = event ? JSON.stringify(event, null, 2) : "";
  return (
    <Dialog open={event !== null} onClose={onClose} title={event ? `Event ${event.seq}: ${event.type}` : "Event"} className={styles.drawer}>
      {event ? (
        <div data-testid="audit-drawer">
          <div className={styles.drawerHeader}>
            <button type="button" className="button button-secondary button-small" onClick={onClose} data-autofocus>
              Close
            </button>
          </div>
          <dl className="details-list">
            <dt>Time</dt>
            <dd><DateTime iso={event.time} /></dd>
            <dt>Level</dt>
            <dd><LevelBadge level={event.level} /></dd>
            <dt>Outcome</dt>
            <dd>{event.outcome}{event.count > 1 ? ` (×${event.count}, identical events aggregated)` : ""}</dd>
            <dt>Actor</dt>
            <dd>{actorLabel(event.actor)}</dd>
            <dt>From</dt>
            <dd className={styles.mono}>{event.ip ?? "—"}</dd>
            <dt>Request</dt>
            <dd className={styles.mono}>{[event.method, event.route].filter(Boolean).join(" ") || "—"}</dd>
            <dt>Request id</dt>
            <dd className={styles.mono}>{event.requestId ?? "—"}</dd>
          </dl>
          <h3>Event JSON</h3>
          <pre className={styles.json} data-testid="audit-drawer-json">{json}</pre>
          <div className="form-actions">
            <CopyButton text={json} label="Copy JSON" />
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
