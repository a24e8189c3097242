import { readFileSync } from "node:fs";

/** CPU seconds (user + system) a process has used so far: /proc/<pid>/stat, in USER_HZ ticks (Linux). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
