import type { AlertRule } from "./rules";

/**
 * Alert hysteresis, as a pure step function over one rule: a level fires after `forSamples`
 * consecutive samples at or above it, and steps down only after `clearSamples` consecutive samples
 * below its threshold minus `margin`. A value bouncing around a threshold therefore neither
 * flaps on nor off. `null` values (nothing measured) leave the state as it is.
 */
export type AlertLevel = "ok" | "warning" | "critical";
const RANK: Record<AlertLevel, number> = { ok: 0, warning: 1, critical: 2 };
const LEVELS: AlertLevel[] = ["ok", "warning", "critical"];

export interface AlertState {
  level: AlertLevel;
  /** When the current level began (ms), null while ok. */
  since: number | null;
  raiseCount: number;
  clearCount: number;
  value: number | null;
}

export interface AlertTransition {
  kind: "fired" | "resolved";
  from: AlertLevel;
  to: AlertLevel;
  value: number;
  threshold: number;
}

export const INITIAL_ALERT_STATE: AlertState = { level: "ok", since: null, raiseCount: 0, clearCount: 0, value: null };

function levelOf(rule: AlertRule, value: number, margin: number): AlertLevel {
  if (value >= rule.critical - margin) return "critical";
  if (value >= rule.warning - margin) return "warning";
  return "ok";
}

function threshold(rule: AlertRule, level: AlertLevel): number {
  return level === "critical" ? rule.critical : rule.warning;
}

export function stepAlert(rule: AlertRule, state: AlertState, value: number | null, now: number): { state: AlertState; transition: AlertTransition | null } {
  if (value === null || !Number.isFinite(value) || !rule.enabled) return { state, transition: null };
  const raw = levelOf(rule, value, 0);
  if (RANK[raw] > RANK[state.level]) {
    const raiseCount = state.raiseCount + 1;
    if (raiseCount < rule.forSamples) return { state: { ...state, raiseCount, clearCount: 0, value }, transition: null };
    return {
      state: { level: raw, since: now, raiseCount: 0, clearCount: 0, value },
      transition: { kind: "fired", from: state.level, to: raw, value, threshold: threshold(rule, raw) },
    };
  }
  if (state.level !== "ok" && value < threshold(rule, state.level) - rule.margin) {
    const clearCount = state.clearCount + 1;
    if (clearCount < rule.clearSamples) return { state: { ...state, raiseCount: 0, clearCount, value }, transition: null };
    // Step down to the level the value still holds within the hysteresis band (critical → warning, or ok).
    const to = LEVELS[Math.min(RANK[levelOf(rule, value, rule.margin)], RANK[state.level] - 1)]!;
    return {
      state: { level: to, since: to === "ok" ? null : now, raiseCount: 0, clearCount: 0, value },
      transition: { kind: to === "ok" ? "resolved" : "fired", from: state.level, to, value, threshold: threshold(rule, state.level) },
    };
  }
  return { state: { ...state, raiseCount: 0, clearCount: 0, value }, transition: null };
}
