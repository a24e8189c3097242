/** Chart colours per threat level, matching the audit table's badges. */
export const LEVEL_COLORS: Record<string, string> = {
  info: "#98a2b3",
  low: "#0284c7",
  medium: "#d97706",
  high: "#ea580c",
  critical: "#7a271a",
};
export const LEVELS = ["info", "low", "medium", "high", "critical"] as const;

/** Distinct colours for the busiest event types. */
export const TYPE_COLORS = ["#1d4ed8", "#b42318", "#15803d", "#7c3aed", "#c2410c", "#0f766e", "#64748b"];
