import type { Encoding } from "./compression";

/** Bytes before and after compression, per encoding, since start: what compression saves. */
export interface CompressionStats {
  responses: number;
  bytesIn: number;
  bytesOut: number;
  bytesSaved: number;
  /** bytesOut / bytesIn (0 before the first response). */
  ratio: number;
  byEncoding: Record<Encoding, { responses: number; bytesIn: number; bytesOut: number }>;
}

type Counters = Record<Encoding, { responses: number; bytesIn: number; bytesOut: number }>;

// On globalThis: every route bundle compresses, the stats route reads the sum.
const globalKey = Symbol.for("printguard.compression");
type GlobalWithCounters = typeof globalThis & { [globalKey]?: Counters };

function counters(): Counters {
  const g = globalThis as GlobalWithCounters;
  return (g[globalKey] ??= { br: { responses: 0, bytesIn: 0, bytesOut: 0 }, gzip: { responses: 0, bytesIn: 0, bytesOut: 0 } });
}

export function recordCompression(encoding: Encoding, bytesIn: number, bytesOut: number): void {
  const c = counters()[encoding];
  c.responses++;
  c.bytesIn += bytesIn;
  c.bytesOut += bytesOut;
}

export function compressionStats(): CompressionStats {
  const byEncoding = structuredClone(counters());
  const all = Object.values(byEncoding).reduce((s, e) => ({ responses: s.responses + e.responses, bytesIn: s.bytesIn + e.bytesIn, bytesOut: s.bytesOut + e.bytesOut }), { responses: 0, bytesIn: 0, bytesOut: 0 });
  return { ...all, bytesSaved: all.bytesIn - all.bytesOut, ratio: all.bytesIn === 0 ? 0 : all.bytesOut / all.bytesIn, byEncoding };
}
