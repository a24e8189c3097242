import styles from "./audit.module.css";

const LABELS: Record<string, string> = { info: "Info", low: "Low", medium: "Medium", high: "High", critical: "Critical" };

/** Threat level, coloured from grey (info) to dark red (critical); the word carries it too. */
export function LevelBadge({ level }: { level: string }) {
  return <span className={`badge ${styles.level} ${styles[`level-${level}`] ?? ""}`}>{LABELS[level] ?? level}</span>;
}
