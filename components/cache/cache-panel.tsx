"use client";

import { useState } from "react";
import { QueryStatus } from "../ui/query-status";
import { Feedback, type Outcome } from "../ui/feedback";
import { CacheLevelTable } from "./cache-level-table";
import { ClearCacheButton } from "./clear-cache-button";
import { formatBytes } from "./format";
import { useCacheStats } from "./use-cache";

/**
 * The cache section of the performance page: figures per level and namespace (hit rate, hits,
 * misses, evictions, entries, size), bytes saved by compression, and clear buttons (all, or one
 * namespace) behind a confirmation. Needs an admin session (or the page's metrics:read caller).
 */
export function CachePanel() {
  const stats = useCacheStats();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const data = stats.data;
  const empty = data !== undefined && Object.keys(data.cache.l1.namespaces).length === 0 && Object.keys(data.cache.l2.namespaces).length === 0;

  return (
    <section className="section" aria-labelledby="cache-panel-title" aria-busy={stats.isFetching}>
      <h2 id="cache-panel-title">Cache</h2>
      <Feedback outcome={outcome} />
      <QueryStatus query={stats} loading="Loading cache figures…" />
      {data ? (
        <>
          <div className="form-actions">
            <ClearCacheButton scope={{ scope: "all" }} report={setOutcome} />
          </div>
          <p className="muted" data-testid="cache-summary">
            {data.cache.loads} loads, {data.cache.coalesced} callers served by a load already running.
            Compression: {data.compression.responses} responses, {formatBytes(data.compression.bytesSaved)} saved
            {data.compression.bytesIn > 0 ? ` (${Math.round((1 - data.compression.ratio) * 100)} % smaller)` : ""}.
          </p>
          {empty ? <p className="muted">Nothing cached yet.</p> : null}
          {!empty ? <CacheLevelTable id="l1" title="L1: in this process" level={data.cache.l1} report={setOutcome} withClear /> : null}
          {data.cache.l2.enabled ? (
            data.cache.l2.reachable ? (
              !empty ? <CacheLevelTable id="l2" title="L2: Redis, shared by every instance (hits and misses of this instance)" level={data.cache.l2} report={setOutcome} withClear={false} /> : null
            ) : (
              <p className="alert alert-error">Redis (L2) is not answering: the cache runs on L1 alone until it is back.</p>
            )
          ) : (
            <p className="muted">L2 is off: set REDIS_URL to share the cache between instances.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
