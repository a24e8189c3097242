import type { AuditEvent } from "./schema";

/**
 * Levels whose identical repeats collapse into one counted row: everything below high, so a
 * rate-limit flood (medium) from one client becomes a few counted rows. High and critical events
 * keep one row each.
 */
const AGGREGATED_LEVELS = new Set(["info", "low", "medium"]);

/**
 * The identity of an event for aggregation: everything but its time and request id. Two events
 * with the same key come from the same source, did the same thing and got the same answer.
 * Null when the event must keep its own row.
 */
export function aggregationKey(event: AuditEvent): string | null {
  if (!AGGREGATED_LEVELS.has(event.level) || event.type === "audit.pruned") return null;
  const actorId = "id" in event.actor ? event.actor.id : null;
  return JSON.stringify([
    event.type,
    event.level,
    event.actor.type,
    actorId,
    event.ip,
    event.userAgent,
    event.method,
    event.route,
    event.outcome,
    event.details,
  ]);
}
