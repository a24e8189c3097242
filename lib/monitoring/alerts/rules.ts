import { z } from "zod";

/** What an alert watches; each value is read once per sample. */
export const ALERT_METRICS = ["cpu", "memory", "disk", "latency_p95", "error_rate", "rate_limited"] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export interface AlertRule {
  id: AlertMetric;
  title: string;
  unit: "ratio" | "ms" | "count";
  warning: number;
  critical: number;
  /** Consecutive samples at or above a level before it fires. */
  forSamples: number;
  /** Consecutive samples below (threshold − margin) before it steps down. */
  clearSamples: number;
  /** Hysteresis band below each threshold, in the rule's unit. */
  margin: number;
  enabled: boolean;
}

/**
 * The rules, in one table. With the default 2 s sampling, forSamples 5 means "for 10 s".
 * Latency and error rate are over the last minute of requests (and skipped below 10 requests);
 * rate_limited counts 429 answers in the last minute.
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  { id: "cpu", title: "CPU usage", unit: "ratio", warning: 0.85, critical: 0.95, forSamples: 5, clearSamples: 5, margin: 0.05, enabled: true },
  { id: "memory", title: "Memory usage", unit: "ratio", warning: 0.85, critical: 0.95, forSamples: 5, clearSamples: 5, margin: 0.03, enabled: true },
  { id: "disk", title: "Disk usage (fullest mount)", unit: "ratio", warning: 0.85, critical: 0.95, forSamples: 1, clearSamples: 3, margin: 0.02, enabled: true },
  { id: "latency_p95", title: "p95 latency", unit: "ms", warning: 1_000, critical: 3_000, forSamples: 3, clearSamples: 5, margin: 100, enabled: true },
  { id: "error_rate", title: "Server error rate", unit: "ratio", warning: 0.05, critical: 0.2, forSamples: 3, clearSamples: 5, margin: 0.01, enabled: true },
  { id: "rate_limited", title: "Rate-limited requests per minute", unit: "count", warning: 100, critical: 1_000, forSamples: 2, clearSamples: 5, margin: 10, enabled: true },
];

const overrideSchema = z
  .object({
    warning: z.number().nonnegative(),
    critical: z.number().nonnegative(),
    forSamples: z.number().int().min(1).max(1_000),
    clearSamples: z.number().int().min(1).max(1_000),
    margin: z.number().nonnegative(),
    enabled: z.boolean(),
  })
  .partial()
  .strict();

/**
 * The default rules with ALERT_RULES overrides applied. Throws an Error naming the rule and field
 * for an unknown rule id, a bad value, or a warning above its critical threshold.
 */
export function alertRules(overrides: Record<string, unknown>): AlertRule[] {
  for (const id of Object.keys(overrides)) {
    if (!(ALERT_METRICS as readonly string[]).includes(id)) throw new Error(`ALERT_RULES names an unknown rule "${id}" (rules: ${ALERT_METRICS.join(", ")})`);
  }
  return DEFAULT_ALERT_RULES.map((rule) => {
    if (overrides[rule.id] === undefined) return { ...rule };
    const parsed = overrideSchema.safeParse(overrides[rule.id]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`ALERT_RULES ${rule.id}.${issue.path.join(".") || "?"}: ${issue.message}`);
    }
    const merged = { ...rule, ...parsed.data };
    if (merged.warning > merged.critical) throw new Error(`ALERT_RULES ${rule.id}.warning must not exceed its critical threshold`);
    return merged;
  });
}
