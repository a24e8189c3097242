/** Readable units for the monitoring pages. Null or non-finite values show as an em dash. */
const DASH = "—";
const BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

function ok(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** 0.4567 → "45.7 %" */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  return ok(ratio) ? `${(ratio * 100).toFixed(digits)} %` : DASH;
}

/** 1536 → "1.5 KiB" */
export function formatBytes(bytes: number | null | undefined): string {
  if (!ok(bytes)) return DASH;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${BINARY_UNITS[unit]}`;
}

/** 2048 → "2.0 KiB/s" */
export function formatRate(bytesPerSecond: number | null | undefined): string {
  return ok(bytesPerSecond) ? `${formatBytes(bytesPerSecond)}/s` : DASH;
}

/** 12.345 → "12.3 ms"; 2500 → "2.50 s" */
export function formatMs(ms: number | null | undefined): string {
  if (!ok(ms)) return DASH;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  return ok(value) ? value.toFixed(digits) : DASH;
}

/** Axis tick for a time: HH:MM:SS for short ranges, day + HH:MM for long ones. */
export function formatTime(ms: number, long = false): string {
  const d = new Date(ms);
  return long
    ? d.toLocaleString(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit" })
    : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}
