import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Maps a request path to the route pattern Next serves it with (`/api/admin/users/[id]`), using
 * the build's own routes-manifest.json, so every page and API route is labelled the way Next
 * matches it without wrapping any handler. Bounded labels: `/_next/*` for Next's assets,
 * `(unmatched)` for anything else.
 */
interface ManifestRoute {
  page: string;
  regex: string;
}

export interface RouteTable {
  match(pathname: string): string;
}

export const NEXT_ASSETS = "/_next/*";
export const UNMATCHED = "(unmatched)";

/** Builds the matcher from a parsed routes-manifest.json (static routes exact, dynamic in Next's order). */
export function routeTableFrom(manifest: { staticRoutes?: ManifestRoute[]; dynamicRoutes?: ManifestRoute[] }): RouteTable {
  const exact = new Map<string, string>();
  for (const route of manifest.staticRoutes ?? []) exact.set(route.page, route.page);
  const dynamic = (manifest.dynamicRoutes ?? []).map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  return {
    match(pathname) {
      if (pathname.startsWith("/_next/")) return NEXT_ASSETS;
      const trimmed = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
      const page = exact.get(trimmed);
      if (page !== undefined) return page;
      for (const route of dynamic) if (route.regex.test(pathname)) return route.page;
      return UNMATCHED;
    },
  };
}

/** The table of the build in `dir` (.next/routes-manifest.json); every path is `(unmatched)` without one. */
export function loadRouteTable(dir: string): RouteTable {
  try {
    return routeTableFrom(JSON.parse(readFileSync(join(dir, ".next", "routes-manifest.json"), "utf8")));
  } catch {
    return routeTableFrom({});
  }
}

/** The path part of a request target, without allocating a URL. */
export function pathOf(target: string): string {
  const query = target.indexOf("?");
  return query === -1 ? target : target.slice(0, query);
}
