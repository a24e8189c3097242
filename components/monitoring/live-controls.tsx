"use client";

import type { Range } from "./types";

const RANGE_LABELS: Record<Range, string> = { "5m": "5 minutes", "1h": "1 hour", "24h": "24 hours", "7d": "7 days" };

/** Range picker (radio buttons, keyboard-friendly) and the live-refresh pause toggle. */
export function LiveControls({ range, onRange, paused, onPaused, updatedAt }: { range?: Range; onRange?: (r: Range) => void; paused: boolean; onPaused: (p: boolean) => void; updatedAt: number }) {
  return (
    <div className="live-controls">
      {range && onRange ? (
        <fieldset className="range-picker">
          <legend>Time range</legend>
          {(Object.keys(RANGE_LABELS) as Range[]).map((r) => (
            <label key={r} className="range-option">
              <input type="radio" name="range" value={r} checked={range === r} onChange={() => onRange(r)} />
              {RANGE_LABELS[r]}
            </label>
          ))}
        </fieldset>
      ) : null}
      <button type="button" className="button button-secondary" aria-pressed={paused} onClick={() => onPaused(!paused)}>
        {paused ? "Resume live updates" : "Pause live updates"}
      </button>
      <p className="muted live-status" aria-live="polite">
        {paused ? "Paused" : "Live"}
        {updatedAt ? ` · updated ${new Date(updatedAt).toLocaleTimeString()}` : ""}
      </p>
    </div>
  );
}
