/** 1536 → "1.5 KiB": byte counts as people read them. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** 0.8765 → "87.7 %"; "—" when nothing was asked yet (a 0 % hit rate would mislead). */
export function formatHitRate(hits: number, misses: number, rate: number): string {
  return hits + misses === 0 ? "—" : `${(rate * 100).toFixed(1)} %`;
}
