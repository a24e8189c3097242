/**
 * Whether PrintGuard's own production server (server.ts) is in front of Next in this process.
 * It is what makes headers it writes believable (the TCP peer, the raw request target), what
 * lets the proxy leave the fixed response headers to it, and what relays a route's
 * Content-Encoding (compression-relay.ts). Under `next dev` or a bare `next start`
 * there is no such server: client copies of those headers could be forged, and the proxy must add
 * every header itself. A mark on `globalThis` because the proxy and route handlers are bundled
 * apart: module state is not shared between them, `globalThis` is.
 */
const markerKey = Symbol.for("printguard.own-server");
type GlobalWithMarker = typeof globalThis & { [markerKey]?: boolean };

/** Called once by server.ts before it serves. */
export function markOwnServer(): void {
  (globalThis as GlobalWithMarker)[markerKey] = true;
}

export function behindOwnServer(): boolean {
  return (globalThis as GlobalWithMarker)[markerKey] === true;
}
