import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { AuditEvent } from "./schema";

/** A buffered event as the writer holds it: its id is fixed at record time, so a replay can tell what is already stored. */
export type PendingEvent = AuditEvent & { id: string; count: number };

const SPOOL = "audit-spool.jsonl";
const REPLAYING = "audit-spool.replaying.jsonl";

/**
 * The append-only file that holds audit events while the database is unreachable. Events are
 * appended synchronously (a write to a local file, not to the network) so nothing is lost if the
 * process stops right after. Replay renames the file first: events spilled during a replay go to a
 * fresh file, and a replay interrupted by a crash resumes from the renamed one.
 */
export class AuditSpool {
  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, SPOOL);
  }

  append(events: PendingEvent[]): void {
    if (!events.length) return;
    mkdirSync(this.dir, { recursive: true });
    appendFileSync(this.path, events.map((e) => JSON.stringify(e)).join("\n") + "\n", { mode: 0o600 });
  }

  hasPending(): boolean {
    return existsSync(this.path) || existsSync(join(this.dir, REPLAYING));
  }

  /**
   * Hands every spooled event, oldest first, to `store` in batches, then removes the file. If
   * `store` throws, the file stays for the next attempt; `store` must skip ids already stored,
   * which makes the replay happen once even when it is interrupted and repeated.
   */
  async replay(store: (batch: PendingEvent[]) => Promise<void>, batchSize: number): Promise<number> {
    const replaying = join(this.dir, REPLAYING);
    if (!existsSync(replaying)) {
      if (!existsSync(this.path)) return 0;
      renameSync(this.path, replaying);
    }
    const events = readFileSync(replaying, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .flatMap((line) => {
        try {
          const raw = JSON.parse(line) as PendingEvent & { time: string };
          return [{ ...raw, time: new Date(raw.time) }];
        } catch {
          return []; // a line torn by a crash mid-append carries no complete event
        }
      });
    for (let i = 0; i < events.length; i += batchSize) await store(events.slice(i, i + batchSize));
    rmSync(replaying, { force: true });
    return events.length;
  }
}
