/**
 * A direct line from the proxy to the response our server (server.ts) is about to send.
 *
 * Headers a proxy returns on `NextResponse.next()` take Next's slow road: it copies each one into
 * the request the route sees and back into the response, validating it through undici at every
 * step (resolve-routes.js). For the RateLimit headers that every allowed API response carries,
 * that road cost more per request than the limiter itself (bench:proxy, DEVELOPERS.md). Our server
 * instead opens a slot per request, names it in an internal request header (any copy a client
 * sent is overwritten, as for the peer address), and the proxy writes through it straight onto
 * the Node response with `setHeader`, before Next writes the route's own headers.
 *
 * Where our server is not in front (`next dev`, a bare `next start`) there are no slots: the
 * proxy returns its headers the ordinary way. Slots live on `globalThis` because the proxy and
 * server.ts are bundled apart; a slot closes with its response, so none outlives its request.
 */
export const RESPONSE_SLOT_HEADER = "x-printguard-slot";

/** What a slot needs of a Node response. */
export interface SlotResponse {
  setHeader(name: string, value: string): unknown;
  readonly headersSent: boolean;
  once(event: "close", listener: () => void): unknown;
}

interface Slots {
  next: number;
  open: Map<string, SlotResponse>;
}

const slotsKey = Symbol.for("printguard.response-slots");
type GlobalWithSlots = typeof globalThis & { [slotsKey]?: Slots };

function slots(): Slots {
  const g = globalThis as GlobalWithSlots;
  return (g[slotsKey] ??= { next: 0, open: new Map() });
}

/** Called by our server for each request: the slot's name, to put in RESPONSE_SLOT_HEADER. */
export function openResponseSlot(res: SlotResponse): string {
  const state = slots();
  const name = (state.next = (state.next + 1) % Number.MAX_SAFE_INTEGER).toString(36);
  state.open.set(name, res);
  res.once("close", () => state.open.delete(name));
  return name;
}

/**
 * Writes `headers` onto the response behind `slot`. False when there is no such open slot (no
 * server of ours, a forged or stale name) or its headers are gone already: the caller then sends
 * the headers with its own response.
 */
export function writeThroughSlot(slot: string | null, headers: Readonly<Record<string, string>>): boolean {
  if (slot === null) return false;
  const res = slots().open.get(slot);
  if (res === undefined || res.headersSent) return false;
  for (const name in headers) res.setHeader(name, headers[name]!);
  return true;
}

/** Open slots (tests: none must outlive its response). */
export function openSlotCount(): number {
  return slots().open.size;
}
