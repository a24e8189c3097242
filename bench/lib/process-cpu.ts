import { readFileSync } from "node:fs";

/**
 * CPU seconds (user + system) a process has used so far: /proc/<pid>/stat, in USER_HZ ticks
 * (Linux). `withWaitedChildren` adds those of the children it has waited for (cutime, cstime):
 * the sampler's `df` runs count as its own cost.
 */
export function cpuSecondsOf(pid: number | "self", withWaitedChildren = false): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]) + (withWaitedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  return ticks / 100;
}
