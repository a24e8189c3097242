import { createHash } from "node:crypto";

/** The hash of the first event's predecessor. */
export const GENESIS_HASH = "0".repeat(64);

export interface ChainFields {
  seq: number;
  time: Date;
  type: string;
  level: string;
  actorType: string;
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
  method: string | null;
  route: string | null;
  requestId: string | null;
  outcome: string;
  details: string;
  count: number;
}

/**
 * hash = SHA-256(prevHash ‖ canonical fields). Each event commits to its predecessor, so editing,
 * removing or reordering a stored row breaks every link after it.
 */
export function chainHash(prevHash: string, event: ChainFields): string {
  const canonical = JSON.stringify([
    event.seq,
    event.time.toISOString(),
    event.type,
    event.level,
    event.actorType,
    event.actorId,
    event.ip,
    event.userAgent,
    event.method,
    event.route,
    event.requestId,
    event.outcome,
    event.details,
    event.count,
  ]);
  return createHash("sha256").update(prevHash).update("\n").update(canonical).digest("hex");
}
