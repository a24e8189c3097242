export const TIMED_OUT = Symbol("timed out");

/**
 * `work`, or TIMED_OUT if it has not settled within `ms`. The work is not cancelled (a store call
 * cannot be); its late rejection is swallowed here, so a store that fails after the request has
 * moved on never surfaces as an unhandled rejection.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  work.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMED_OUT);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
