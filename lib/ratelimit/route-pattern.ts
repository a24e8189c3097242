/**
 * Route patterns for endpoint policies: `METHOD /literal/:param/*`. METHOD may be `*`; `:name`
 * captures one segment; a final `*` matches the rest (zero or more segments).
 *
 * The path is percent-decoded before it is split, and empty segments are dropped, so
 * `/api//auth%2Fcallback/%63redentials/` still meets the sign-in policy: an encoding trick must not
 * be a way around a strict limit (matching too much only counts a request it need not). Comparison
 * stays case-sensitive, like Next's router.
 */

export interface RoutePattern {
  source: string;
  method: string;
  segments: readonly string[];
  rest: boolean;
}

const PATTERN = /^(\*|[A-Z]+) (\/\S*)$/;

function segmentsOf(path: string): string[] {
  return path.split("/").filter(Boolean);
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // a malformed escape is compared as written
  }
}

/** Parses `POST /api/x/:id`; throws an Error saying what is wrong (policies.ts turns it into a ConfigError). */
export function parseRoutePattern(source: string): RoutePattern {
  const match = PATTERN.exec(source);
  if (!match) throw new Error(`route "${source}" must look like "POST /api/path/:param"`);
  const segments = segmentsOf(match[2]!);
  const rest = segments.at(-1) === "*";
  if (rest) segments.pop();
  if (segments.some((s) => s === "*" || s === ":")) throw new Error(`route "${source}" may use * only as its last segment`);
  return { source, method: match[1]!, segments, rest };
}

/** A request path as patterns compare it: decoded, split, empty segments dropped. Compute once per request. */
export function pathSegments(path: string): string[] {
  return segmentsOf(decoded(path));
}

/** The captured parameters when `method path` matches, else null. */
export function matchRoute(pattern: RoutePattern, method: string, path: string | readonly string[]): Record<string, string> | null {
  if (pattern.method !== "*" && pattern.method !== method.toUpperCase()) return null;
  const segments = typeof path === "string" ? pathSegments(path) : path;
  if (pattern.rest ? segments.length < pattern.segments.length : segments.length !== pattern.segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.segments.length; i++) {
    const expected = pattern.segments[i]!;
    const actual = segments[i]!;
    if (expected.startsWith(":")) params[expected.slice(1)] = actual;
    else if (expected !== actual) return null;
  }
  return params;
}
