import type { Detector, LocationKind } from "./types";

/**
 * Remembers values that detectors have already found clean, for the values that repeat from
 * request to request: a client sends the same User-Agent, Host and custom headers every time, and
 * a route's path is the same for every call. Detectors are pure functions of the value (location,
 * kind, forms; the forms follow from the raw text), so a remembered "clean" is exactly what the
 * detector would answer again: no verdict changes, only the repeated work goes.
 *
 * One entry per value, a bit per detector that found it clean: a request asks once per value, and
 * a value every active detector knows is skipped before it is even decoded (inspect.ts).
 *
 * Only clean answers are kept (a finding is rare and is recomputed, evidence and all); body, query
 * and cookie values are not kept (they vary). The memory is bounded: past MAX_ENTRIES values the
 * map is dropped and refilled, so a client rotating header values only misses.
 */
const MAX_ENTRIES = 4096;
const MAX_LENGTH = 512;
/** Bits handed out before they are all taken back (production runs 4 detectors; tests make more). */
const MAX_BITS = 30;

let memo = new Map<string, number>();
let bits = new WeakMap<Detector, number>();
let bitsUsed = 0;

/** The memo key of a value worth remembering, or null (it varies per request, or is long). */
export function memoKey(location: string, kind: LocationKind, raw: string): string | null {
  if ((kind !== "header" && kind !== "path") || raw.length > MAX_LENGTH) return null;
  return `${location}\n${raw}`;
}

/**
 * The bit of each detector, in order. When the bits run out, every bit and every remembered answer
 * is dropped together (an answer must never be read under another detector's bit). More detectors
 * at once than there are bits: all 0, nothing is remembered.
 */
export function detectorBits(detectors: readonly Detector[]): number[] {
  if (detectors.length > MAX_BITS) return detectors.map(() => 0);
  for (;;) {
    const before = memo;
    const out = detectors.map(bitOf);
    if (memo === before) return out; // no reset on the way: every bit is of the same generation
  }
}

function bitOf(detector: Detector): number {
  let bit = bits.get(detector);
  if (bit === undefined) {
    if (bitsUsed === MAX_BITS) {
      bits = new WeakMap();
      bitsUsed = 0;
      memo = new Map();
    }
    bit = 1 << bitsUsed++;
    bits.set(detector, bit);
  }
  return bit;
}

/** The bits of the detectors that found the value of `key` clean. */
export function cleanBits(key: string): number {
  return memo.get(key) ?? 0;
}

/** Remembers `cleanFor`, the bits of every detector that has found the value of `key` clean. */
export function rememberClean(key: string, cleanFor: number): void {
  if (memo.size >= MAX_ENTRIES && !memo.has(key)) memo = new Map();
  memo.set(key, cleanFor);
}
