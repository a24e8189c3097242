import { DETECTORS } from "../detectors";
import { cleanBits, detectorBits, memoKey, rememberClean } from "./clean-memo";
import { evidenceFor } from "./evidence";
import { forEachValue, type RequestParts } from "./extract";
import { familyMode, isAllowlisted, routeAllowance, type SanitizerMode, type SanitizerPolicy } from "./policy";
import { THREAT_LEVELS, type Detector, type DetectorHit, type Finding, type InspectedValue, type LocationKind, type ThreatLevel } from "./types";

/** A finding with the mode of its family: `enforce` findings deny, `monitor` findings only report. */
export interface SanitizerFinding extends Finding {
  mode: "enforce" | "monitor";
}

/**
 * The sanitizer's verdict for one request (Arcjet style: a value, never an exception).
 * - `deny`: at least one finding in an enforced family.
 * - `monitor`: findings only in monitored families; the request goes on, the findings are audited.
 * - `allow`: nothing found, or every family off, or inspection failed (`error` set: fail-open,
 *   visible, so the proxy can audit it and a detector bug never takes the print API down).
 * `findings` are ordered by decisiveness: enforced before monitored, then by threat level, so
 * `findings[0]` is the reason. `level` is the highest threat level among the findings behind the
 * outcome.
 */
export interface SanitizerDecision {
  outcome: "allow" | "deny" | "monitor";
  findings: SanitizerFinding[];
  /** The policy's global mode (families may override it; see each finding's mode). */
  mode: SanitizerMode;
  level?: ThreatLevel;
  error?: string;
}

/** Findings kept per request: enough for an audit event; an attack spraying every field stops here. */
const MAX_FINDINGS = 32;

interface ActiveDetector {
  detector: Detector;
  mode: "enforce" | "monitor";
}

/** Inspects a request under `policy`. Never throws. */
export function inspectRequest(
  parts: RequestParts,
  policy: SanitizerPolicy,
  detectors: readonly Detector[] = DETECTORS,
): SanitizerDecision {
  try {
    return inspect(parts, policy, detectors);
  } catch (error) {
    return { outcome: "allow", findings: [], mode: policy?.mode ?? "enforce", error: describe(error) };
  }
}

function inspect(parts: RequestParts, policy: SanitizerPolicy, detectors: readonly Detector[]): SanitizerDecision {
  const active: ActiveDetector[] = [];
  for (const detector of detectors) {
    const mode = familyMode(policy, detector.family);
    if (mode !== "off") active.push({ detector, mode });
  }
  if (active.length === 0) return { outcome: "allow", findings: [], mode: policy.mode };

  const allowance = routeAllowance(policy, parts.path);
  const findings: SanitizerFinding[] = [];
  let enforced = false;
  let errors: string[] | undefined;
  const bits = detectorBits(active.map((a) => a.detector));
  let allBits = 0;
  for (const bit of bits) allBits |= bit;
  // A header or path value every active detector has found clean before is not even decoded. The
  // collector asks this right before it passes a value on, so the sink reuses the key and bits.
  let key: string | null = null;
  let known = 0;
  const knownClean = (location: string, kind: LocationKind, raw: string): boolean => {
    key = allBits === 0 ? null : memoKey(location, kind, raw);
    known = key === null ? 0 : cleanBits(key);
    return key !== null && (known & allBits) === allBits;
  };

  forEachValue(
    parts,
    (value) => {
      let clean = 0;
      for (let d = 0; d < active.length; d++) {
        const { detector, mode } = active[d]!;
        if (findings.length >= MAX_FINDINGS && (enforced || mode !== "enforce")) continue;
        if (allowance.length > 0 && isAllowlisted(allowance, detector.family, value.location)) continue;
        if ((known & bits[d]!) !== 0) continue;
        let hit: DetectorHit | null;
        try {
          hit = detector.detect(value);
        } catch (error) {
          (errors ??= []).push(`${detector.family}: ${describe(error)}`);
          continue;
        }
        if (hit === null) {
          clean |= bits[d]!;
          continue;
        }
        findings.push(toFinding(detector, mode, value, hit));
        if (mode === "enforce") enforced = true;
      }
      if (key !== null && clean !== 0) rememberClean(key, known | clean);
      return findings.length >= MAX_FINDINGS && enforced; // the verdict cannot change any more
    },
    knownClean,
  );

  return decide(findings, enforced, policy.mode, errors);
}

function toFinding(detector: Detector, mode: "enforce" | "monitor", value: InspectedValue, hit: DetectorHit): SanitizerFinding {
  return {
    family: detector.family,
    level: hit.level,
    rule: hit.rule,
    location: value.location,
    evidence: evidenceFor(formContaining(value, hit.match), hit.match),
    mode,
  };
}

/** The most decoded form that contains the match (detectors report a fragment of one form). */
function formContaining(value: InspectedValue, match: string): string {
  for (let i = value.forms.length - 1; i >= 0; i--) {
    const form = value.forms[i]!;
    if (match && form.includes(match)) return form;
  }
  return value.forms[value.forms.length - 1] ?? value.raw;
}

function decide(
  findings: SanitizerFinding[],
  enforced: boolean,
  mode: SanitizerMode,
  errors: string[] | undefined,
): SanitizerDecision {
  const decision: SanitizerDecision = { outcome: "allow", findings, mode };
  if (errors) decision.error = errors.join("; ");
  if (findings.length === 0) return decision;
  findings.sort((a, b) => rank(b) - rank(a));
  decision.outcome = enforced ? "deny" : "monitor";
  decision.level = findings[0]!.level;
  return decision;
}

function rank(finding: SanitizerFinding): number {
  return (finding.mode === "enforce" ? 10 : 0) + THREAT_LEVELS.indexOf(finding.level);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
