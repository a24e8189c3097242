"use client";

import { useState, type FormEvent } from "react";
import styles from "./audit.module.css";
import { fromLocalInput, toLocalInput, type UrlFilters } from "./url-filters";

/**
 * The filter form. It edits a draft; "Apply" hands the filters to the page, which puts them in the
 * URL (shareable, back button works). The page re-keys it on URL changes, so it follows the URL.
 */
export function AuditFilterBar({ filters, types, levels, onApply }: { filters: UrlFilters; types: readonly string[]; levels: readonly string[]; onApply: (filters: UrlFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const set = (key: keyof UrlFilters, value: string | undefined) => setDraft((d) => ({ ...d, [key]: value || undefined }));

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className={`card section ${styles.filters}`} onSubmit={submit} aria-label="Filter audit events" role="search">
      <div className="field">
        <label htmlFor="audit-from">From</label>
        <input id="audit-from" type="datetime-local" value={toLocalInput(draft.from)} onChange={(e) => set("from", fromLocalInput(e.target.value))} />
      </div>
      <div className="field">
        <label htmlFor="audit-to">To</label>
        <input id="audit-to" type="datetime-local" value={toLocalInput(draft.to)} onChange={(e) => set("to", fromLocalInput(e.target.value))} />
      </div>
      <div className="field">
        <label htmlFor="audit-type">Type</label>
        <select id="audit-type" value={draft.type ?? ""} onChange={(e) => set("type", e.target.value)}>
          <option value="">All types</option>
          {types.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-level">Threat level</label>
        <select id="audit-level" value={draft.level ?? ""} onChange={(e) => set("level", e.target.value)}>
          <option value="">All levels</option>
          {levels.map((l) => <option key={l} value={l}>{l}</option>)}
          <option value="high,critical">high and critical</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-actor">Actor</label>
        <input id="audit-actor" type="text" placeholder="user or key id, anonymous" value={draft.actor ?? ""} onChange={(e) => set("actor", e.target.value.trim())} maxLength={128} />
      </div>
      <div className="field">
        <label htmlFor="audit-ip">IP</label>
        <input id="audit-ip" type="text" value={draft.ip ?? ""} onChange={(e) => set("ip", e.target.value.trim())} maxLength={64} />
      </div>
      <div className={`field ${styles.search}`}>
        <label htmlFor="audit-q">Search text</label>
        <input id="audit-q" type="search" value={draft.q ?? ""} onChange={(e) => set("q", e.target.value)} maxLength={200} aria-describedby="audit-q-hint" />
        <span id="audit-q-hint" className="field-hint">Route, details, user agent, request id; searches at most 24 hours (the last 24 unless From and To say which).</span>
      </div>
      <div className={`form-actions ${styles.filterActions}`}>
        <button type="submit" className="button">Apply filters</button>
        <button type="button" className="button button-secondary" onClick={() => onApply({})}>Clear</button>
      </div>
    </form>
  );
}
