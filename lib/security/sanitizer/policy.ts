import { percentDecodeOnce } from "./normalize";
import { FAMILIES, type Family } from "./types";

export type SanitizerMode = "enforce" | "monitor" | "off";

/** What `getConfig().guard.sanitizer` provides (maxBodyBytes is the proxy's business). */
export interface SanitizerPolicy {
  mode: SanitizerMode;
  familyModes: Partial<Record<Family, SanitizerMode>>;
  /**
   * Entries that skip one family for one field of matching routes. `route`: `/api/jobs/:id`
   * (`:name` = one segment), `*` as a segment = one segment, `*` as the last segment = any rest.
   * `field`: a location (see extract.ts), `*` matching any run of characters (`body.steps[*].gcode`).
   */
  allowlist: ReadonlyArray<{ route: string; field: string; family: Family }>;
}

/** The allowlist rules that apply to one request path: a field matcher per family. */
export type RouteAllowance = ReadonlyArray<{ family: Family; field: (location: string) => boolean }>;

interface CompiledPolicy {
  modes: Record<Family, SanitizerMode>;
  rules: Array<{ route: (segments: readonly string[]) => boolean; family: Family; field: (location: string) => boolean }>;
}

const compiled = new WeakMap<SanitizerPolicy, CompiledPolicy>();

function compile(policy: SanitizerPolicy): CompiledPolicy {
  let result = compiled.get(policy);
  if (result) return result;
  const modes = {} as Record<Family, SanitizerMode>;
  for (const family of FAMILIES) modes[family] = policy.familyModes[family] ?? policy.mode;
  const rules = policy.allowlist.map((entry) => ({
    route: routeMatcher(entry.route),
    family: entry.family,
    field: globMatcher(entry.field),
  }));
  result = { modes, rules };
  compiled.set(policy, result);
  return result;
}

/** Effective mode of a family: its override, else the global mode. */
export function familyMode(policy: SanitizerPolicy, family: Family): SanitizerMode {
  return compile(policy).modes[family];
}

/**
 * The allowlist entries whose route matches `rawPath`. Segments are percent-decoded once (so
 * `%2F` stays inside a segment); a path with `.`/`..` segments or backslashes matches no entry,
 * so dot-segment tricks can never borrow an allowlisted route's exemption.
 */
export function routeAllowance(policy: SanitizerPolicy, rawPath: string): RouteAllowance {
  const { rules } = compile(policy);
  if (rules.length === 0) return [];
  const segments = pathSegments(rawPath);
  if (segments === null) return [];
  return rules.filter((rule) => rule.route(segments));
}

/** True when `location` is exempt from `family` under `allowance`. */
export function isAllowlisted(allowance: RouteAllowance, family: Family, location: string): boolean {
  for (const rule of allowance) if (rule.family === family && rule.field(location)) return true;
  return false;
}

function pathSegments(rawPath: string): string[] | null {
  const trimmed = rawPath.length > 1 && rawPath.endsWith("/") ? rawPath.slice(0, -1) : rawPath;
  const segments = trimmed.split("/").slice(1).map((segment) => percentDecodeOnce(segment));
  for (const segment of segments) {
    if (segment === "." || segment === ".." || segment.includes("\\")) return null;
  }
  return segments;
}

function routeMatcher(pattern: string): (segments: readonly string[]) => boolean {
  const trimmed = pattern.length > 1 && pattern.endsWith("/") ? pattern.slice(0, -1) : pattern;
  const parts = trimmed.split("/").slice(1);
  const rest = parts[parts.length - 1] === "*";
  const fixed = rest ? parts.slice(0, -1) : parts;
  return (segments) => {
    if (rest ? segments.length < fixed.length : segments.length !== fixed.length) return false;
    for (let i = 0; i < fixed.length; i++) {
      const part = fixed[i]!;
      const segment = segments[i]!;
      if (part === "*" || part.startsWith(":")) {
        if (segment === "") return false;
      } else if (part !== segment) return false;
    }
    return true;
  };
}

/** `*` matches any run of characters; everything else is literal. Linear in the location. */
function globMatcher(pattern: string): (location: string) => boolean {
  if (!pattern.includes("*")) return (location) => location === pattern;
  const pieces = pattern.split("*");
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1);
  return (location) => {
    if (location.length < first.length + last.length) return false;
    if (!location.startsWith(first) || !location.endsWith(last)) return false;
    let at = first.length;
    const limit = location.length - last.length;
    for (const piece of middle) {
      const found = location.indexOf(piece, at);
      if (found < 0 || found + piece.length > limit) return false;
      at = found + piece.length;
    }
    return true;
  };
}
