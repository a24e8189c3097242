/** The attack families the sanitizer detects. */
export const FAMILIES = ["sql_injection", "xss", "command_injection", "path_traversal"] as const;
export type Family = (typeof FAMILIES)[number];

export const THREAT_LEVELS = ["low", "medium", "high", "critical"] as const;
export type ThreatLevel = (typeof THREAT_LEVELS)[number];

/** Where a value came from; detectors weigh evidence by it (a path segment is not a JSON string). */
export type LocationKind = "path" | "query" | "header" | "cookie" | "body";

/** One value to inspect, with its normalized forms. */
export interface InspectedValue {
  /** e.g. `path`, `query.file`, `header.user-agent`, `cookie.theme`, `body.prompt`, `body.items[2].name`, `query.<key>` for keys. */
  location: string;
  kind: LocationKind;
  /** The value as received (after splitting the request into fields, before decoding). */
  raw: string;
  /**
   * Decoded forms, most decoded last, deduplicated: URL-decoded until stable (with %uXXXX and
   * overlong UTF-8), NUL bytes removed, NFKC; then HTML-entity decoded when that changes it.
   */
  forms: readonly string[];
  /**
   * The character classes of all forms (char-classes.ts), set by extraction; gates clear values
   * whose classes cannot carry their family. Absent (a value built by hand): each gate scans.
   */
  chars?: number;
}

/** What a detector reports for a value it considers an attack. */
export interface DetectorHit {
  level: ThreatLevel;
  /** Stable rule id within the family, e.g. `sqli.tautology`, `xss.event-handler`. */
  rule: string;
  /** The matched fragment (the sanitizer shortens and redacts it into evidence). */
  match: string;
}

export interface Detector {
  family: Family;
  /** Pure and linear in the input: never throws, never backtracks catastrophically. */
  detect(value: InspectedValue): DetectorHit | null;
}

export interface Finding {
  family: Family;
  level: ThreatLevel;
  rule: string;
  location: string;
  /** Short, redacted excerpt around the match. */
  evidence: string;
}
