import type { Detector, InspectedValue } from "./types";

/**
 * Remembers, per detector, values it has already found clean, for the values that repeat from
 * request to request: a client sends the same User-Agent, Host and custom headers every time, and
 * a route's path is the same for every call. Detectors are pure functions of the value (location,
 * kind, forms; the forms follow from the raw text), so a remembered "clean" is exactly what the
 * detector would answer again: no verdict changes, only the repeated work goes.
 *
 * Only clean answers are kept (a finding is rare and is recomputed, evidence and all); body, query
 * and cookie values are not kept (they vary). The memory is bounded: past MAX_ENTRIES keys per
 * detector the set is dropped and refilled, so a client rotating header values only misses.
 */
const MAX_ENTRIES = 2048;
const MAX_LENGTH = 512;

const memos = new WeakMap<Detector, Set<string>>();

/** The memo key of a value worth remembering, or null (it varies per request, or is long). */
export function memoKey(value: InspectedValue): string | null {
  if ((value.kind !== "header" && value.kind !== "path") || value.raw.length > MAX_LENGTH) return null;
  return `${value.location}\n${value.raw}`;
}

export function knownClean(detector: Detector, key: string): boolean {
  return memos.get(detector)?.has(key) === true;
}

export function rememberClean(detector: Detector, key: string): void {
  let set = memos.get(detector);
  if (!set) memos.set(detector, (set = new Set()));
  else if (set.size >= MAX_ENTRIES) set.clear();
  set.add(key);
}
