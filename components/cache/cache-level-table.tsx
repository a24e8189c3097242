"use client";

import type { LevelStats } from "@/lib/cache/types";
import type { ReportOutcome } from "../ui/feedback";
import { ClearCacheButton } from "./clear-cache-button";
import { formatBytes, formatHitRate } from "./format";

/** One level's figures, a row per namespace and a total; optionally a clear button per namespace. */
export function CacheLevelTable({ id, title, level, report, withClear }: { id: string; title: string; level: LevelStats; report: ReportOutcome; withClear: boolean }) {
  const namespaces = Object.entries(level.namespaces).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="table-wrap">
      <table className="table" aria-labelledby={id}>
        <caption id={id}>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Namespace</th>
            <th scope="col">Hit rate</th>
            <th scope="col">Hits</th>
            <th scope="col">Misses</th>
            <th scope="col">Evictions</th>
            <th scope="col">Entries</th>
            <th scope="col">Size</th>
            {withClear ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {namespaces.map(([name, s]) => (
            <tr key={name} data-testid={`cache-${id}-${name}`}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>{formatHitRate(s.hits, s.misses, s.hitRate)}</td>
              <td>{s.hits}</td>
              <td>{s.misses}</td>
              <td>{s.evictions ?? "—"}</td>
              <td>{s.entries}</td>
              <td>{formatBytes(s.bytes)}</td>
              {withClear ? (
                <td>
                  <ClearCacheButton scope={{ scope: "namespace", namespace: name }} report={report} small />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All namespaces</th>
            <td>{formatHitRate(level.hits, level.misses, level.hitRate)}</td>
            <td>{level.hits}</td>
            <td>{level.misses}</td>
            <td>{level.evictions ?? "—"}</td>
            <td>{level.entries}</td>
            <td>
              {formatBytes(level.bytes)}
              {level.maxBytes ? <span className="muted"> of {formatBytes(level.maxBytes)}</span> : null}
            </td>
            {withClear ? <td /> : null}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
