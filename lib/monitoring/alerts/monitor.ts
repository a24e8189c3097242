import { recordAudit, systemEvent } from "@/lib/audit";
import { INITIAL_ALERT_STATE, stepAlert, type AlertLevel, type AlertState, type AlertTransition } from "./evaluate";
import type { AlertMetric, AlertRule } from "./rules";

export interface AlertEvent extends AlertTransition {
  rule: AlertMetric;
  title: string;
  time: number;
}

export interface ActiveAlert {
  rule: AlertMetric;
  title: string;
  unit: AlertRule["unit"];
  level: Exclude<AlertLevel, "ok">;
  since: number;
  value: number | null;
  threshold: number;
}

const HISTORY_KEPT = 50;

/**
 * The alert states of this process (on globalThis: the sampler feeds them, route handlers read
 * them). Each transition is written to the audit log as alert.fired / alert.resolved.
 */
export class AlertMonitor {
  private readonly states = new Map<AlertMetric, AlertState>();
  private readonly history: AlertEvent[] = [];

  constructor(readonly rules: AlertRule[], private readonly audit: (event: AlertEvent) => void = auditAlert) {}

  evaluate(values: Partial<Record<AlertMetric, number | null>>, now: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    for (const rule of this.rules) {
      const { state, transition } = stepAlert(rule, this.states.get(rule.id) ?? INITIAL_ALERT_STATE, values[rule.id] ?? null, now);
      this.states.set(rule.id, state);
      if (!transition) continue;
      const event = { ...transition, rule: rule.id, title: rule.title, time: now };
      events.push(event);
      this.history.unshift(event);
      this.history.length = Math.min(this.history.length, HISTORY_KEPT);
      this.audit(event);
    }
    return events;
  }

  active(): ActiveAlert[] {
    return this.rules.flatMap((rule) => {
      const state = this.states.get(rule.id);
      if (!state || state.level === "ok") return [];
      return [{ rule: rule.id, title: rule.title, unit: rule.unit, level: state.level, since: state.since!, value: state.value, threshold: state.level === "critical" ? rule.critical : rule.warning }];
    });
  }

  recent(): AlertEvent[] {
    return [...this.history];
  }
}

function auditAlert(event: AlertEvent): void {
  recordAudit(
    systemEvent({
      type: event.kind === "fired" ? "alert.fired" : "alert.resolved",
      level: event.kind === "resolved" ? "info" : event.to === "critical" ? "high" : "medium",
      outcome: event.kind,
      details: { rule: event.rule, title: event.title, from: event.from, to: event.to, value: event.value, threshold: event.threshold },
    }),
  );
}

const globalKey = Symbol.for("printguard.monitoring.alerts");
type GlobalWithAlerts = typeof globalThis & { [globalKey]?: AlertMonitor };

export function getAlertMonitor(): AlertMonitor | null {
  return (globalThis as GlobalWithAlerts)[globalKey] ?? null;
}

export function setAlertMonitor(monitor: AlertMonitor | null): void {
  const g = globalThis as GlobalWithAlerts;
  if (monitor) g[globalKey] = monitor;
  else delete g[globalKey];
}
