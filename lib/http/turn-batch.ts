/**
 * Runs the work queued during one event-loop turn together, from one callback, in arrival order.
 *
 * Why: Node drains the microtask queue after every I/O callback. A request handed to Next from its
 * own socket callback therefore runs every `await` of its way through Next, the proxy and the route
 * before the next request starts, and each request walks megabytes of distinct code alone: the
 * instruction cache and branch predictors are cold for every step. Started from one callback, the
 * requests that arrived in the same turn share one microtask queue, which is first in, first out:
 * their async steps interleave, so each step's code runs for all of them back to back while it is
 * warm. Measured on the built server (DEVELOPERS.md, "Requests dispatched per turn"): about twice the
 * throughput at 32 connections, for the cost of waiting until the end of the current turn
 * (`setImmediate`, no timer delay).
 *
 * A lone request on an idle server pays the hop for nothing: one turn, ~5 % of throughput at a
 * single connection (measured). Skipping the hop when no other request is in flight was tried and
 * removed: requests dispatched at once run to the end before the next is even parsed, so the
 * count is almost always 1 and no batch ever forms (the gain went to nothing at 32 connections).
 */
export function turnBatcher(onError: (error: unknown) => void): (work: () => unknown) => void {
  let queued: Array<() => unknown> | null = null;
  const run = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      onError(error); // one failing piece of work never keeps the rest of its turn from running
    }
  };
  const flush = () => {
    const batch = queued!;
    queued = null;
    for (const work of batch) run(work);
  };
  return (work) => {
    if (queued === null) {
      queued = [];
      setImmediate(flush);
    }
    queued.push(work);
  };
}
