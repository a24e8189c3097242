export const TIMED_OUT = Symbol("timed out");

/**
 * `work`, or TIMED_OUT if it has not settled within `ms`. The work is not cancelled (a store call
 * cannot be); its late rejection is swallowed here, so a store that fails after the request has
 * moved on never surfaces as an unhandled rejection.
 *
 * The deadline is the store's, not our event loop's: when the timer fires, the answer may already
 * be waiting on its socket, unread, because the loop was busy with other requests (Node runs due
 * timers before it reads sockets). So the deadline is declared one `setImmediate` later, after the
 * loop has read its sockets. Without that, a busy server failed open on answers that came in time
 * (seen: ~5 in 2 200 requests at 32 connections), which is when limits matter most.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  work.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Once the timer has fired, the immediate resolving a race already decided does nothing.
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => setImmediate(resolve, TIMED_OUT), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
