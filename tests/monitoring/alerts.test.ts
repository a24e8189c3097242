import { describe, expect, it } from "vitest";
import { INITIAL_ALERT_STATE, stepAlert, type AlertState } from "@/lib/monitoring/alerts/evaluate";
import { AlertMonitor, type AlertEvent } from "@/lib/monitoring/alerts/monitor";
import { alertRules, DEFAULT_ALERT_RULES, type AlertRule } from "@/lib/monitoring/alerts/rules";

const cpu: AlertRule = { ...DEFAULT_ALERT_RULES.find((r) => r.id === "cpu")!, warning: 0.8, critical: 0.95, forSamples: 3, clearSamples: 2, margin: 0.05 };

/** Feeds values one per 2 s from t=0 and returns the final state and the transitions with their times. */
function run(values: number[], rule = cpu) {
  let state: AlertState = INITIAL_ALERT_STATE;
  const transitions: Array<{ t: number; kind: string; to: string }> = [];
  values.forEach((value, i) => {
    const step = stepAlert(rule, state, value, i * 2_000);
    state = step.state;
    if (step.transition) transitions.push({ t: i * 2_000, kind: step.transition.kind, to: step.transition.to });
  });
  return { state, transitions };
}

describe("alert hysteresis", () => {
  it("fires only after forSamples consecutive samples above the threshold", () => {
    expect(run([0.9, 0.9, 0.5, 0.9, 0.9]).transitions).toEqual([]);
    const { state, transitions } = run([0.9, 0.9, 0.9]);
    expect(transitions).toEqual([{ t: 4_000, kind: "fired", to: "warning" }]);
    expect(state).toMatchObject({ level: "warning", since: 4_000 });
  });

  it("does not flap while the value bounces inside the margin below the threshold", () => {
    const { transitions, state } = run([0.9, 0.9, 0.9, 0.78, 0.82, 0.77, 0.81, 0.79, 0.76]);
    expect(transitions).toEqual([{ t: 4_000, kind: "fired", to: "warning" }]);
    expect(state.level).toBe("warning");
  });

  it("resolves after clearSamples consecutive samples below threshold minus margin", () => {
    const { transitions, state } = run([0.9, 0.9, 0.9, 0.7, 0.9, 0.7, 0.7]);
    expect(transitions).toEqual([
      { t: 4_000, kind: "fired", to: "warning" },
      { t: 12_000, kind: "resolved", to: "ok" },
    ]);
    expect(state).toMatchObject({ level: "ok", since: null });
  });

  it("escalates to critical and steps down to warning before resolving", () => {
    const { transitions } = run([0.97, 0.97, 0.97, 0.85, 0.85, 0.5, 0.5]);
    expect(transitions).toEqual([
      { t: 4_000, kind: "fired", to: "critical" },
      { t: 8_000, kind: "fired", to: "warning" },
      { t: 12_000, kind: "resolved", to: "ok" },
    ]);
  });

  it("ignores missing values and disabled rules", () => {
    expect(stepAlert(cpu, INITIAL_ALERT_STATE, null, 0).state).toBe(INITIAL_ALERT_STATE);
    expect(run([1, 1, 1, 1], { ...cpu, enabled: false }).transitions).toEqual([]);
  });

  it("the monitor reports active alerts and hands every transition to the audit writer", () => {
    const audited: AlertEvent[] = [];
    const monitor = new AlertMonitor([cpu], (e) => audited.push(e));
    for (let i = 0; i < 3; i++) monitor.evaluate({ cpu: 0.9 }, 1_000 + i);
    expect(monitor.active()).toEqual([{ rule: "cpu", title: "CPU usage", unit: "ratio", level: "warning", since: 1_002, value: 0.9, threshold: 0.8 }]);
    for (let i = 0; i < 2; i++) monitor.evaluate({ cpu: 0.1 }, 2_000 + i);
    expect(monitor.active()).toEqual([]);
    expect(audited.map((e) => [e.kind, e.rule, e.from, e.to, e.time])).toEqual([["fired", "cpu", "ok", "warning", 1_002], ["resolved", "cpu", "warning", "ok", 2_001]]);
  });
});

describe("alert rules config", () => {
  it("applies overrides by rule id", () => {
    const rules = alertRules({ cpu: { warning: 0.5 }, disk: { enabled: false } });
    expect(rules.find((r) => r.id === "cpu")).toMatchObject({ warning: 0.5, critical: 0.95 });
    expect(rules.find((r) => r.id === "disk")?.enabled).toBe(false);
    expect(rules).toHaveLength(DEFAULT_ALERT_RULES.length);
  });
  it("names the bad rule or field", () => {
    expect(() => alertRules({ gpu: {} })).toThrow(/ALERT_RULES names an unknown rule "gpu"/);
    expect(() => alertRules({ cpu: { warning: "high" } })).toThrow(/ALERT_RULES cpu\.warning: /);
    expect(() => alertRules({ cpu: { warning: 0.99 } })).toThrow(/must not exceed/);
  });
});
