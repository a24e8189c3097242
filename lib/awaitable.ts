/**
 * Values that are there now or later, and procedures that stay synchronous while they can.
 *
 * The request guard runs on every request, and most of its steps have an answer at once: no body
 * to read on a GET, no session to decrypt, an in-process rate-limit store. Written with `async`,
 * each step still costs promises, and inside Next every promise also runs the async-hooks that
 * AsyncLocalStorage installs (promiseInitHook, trackPromise …): in a profile of the built server
 * those hooks and microtasks cost more per request than the rate limiter's own arithmetic.
 *
 * So such procedures are written once, as generators that `yield* wait(x)` for a value `x` that
 * may or may not be a promise, and `drive` runs them: synchronously to the end when no step had to
 * wait (no promise made at all), and from the first real promise on asynchronously. One way to
 * write the step, two ways it runs; the same code serves the in-process and the Redis store.
 */
export type Awaitable<T> = T | Promise<T>;

export function isPromise<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}

/** A step of a driven procedure: `const x = yield* wait(maybeLater)`. */
export function* wait<T>(value: Awaitable<T>): Generator<Awaitable<T>, T, T> {
  return yield value;
}

/**
 * A procedure written as a generator of `wait` steps. (Its `next` is typed `never`: each `wait`
 * knows the type of what it is sent, and only `drive` sends.)
 */
export type Steps<T> = Generator<unknown, T, never>;

/**
 * Runs `steps`: returns the result itself when no step waited on a promise, else a promise of it.
 * A throw before the first promise is thrown here; after it, it rejects the promise. A rejected
 * promise is thrown into the generator at its `wait`, so `try`/`catch` there works as with `await`.
 */
export function drive<T>(steps: Steps<T>): Awaitable<T> {
  let step = steps.next();
  while (!step.done) {
    if (isPromise(step.value)) return finish(steps, step.value);
    step = steps.next(step.value as never);
  }
  return step.value;
}

async function finish<T>(steps: Steps<T>, pending: Promise<unknown>): Promise<T> {
  for (;;) {
    let step: IteratorResult<unknown, T>;
    try {
      step = steps.next((await pending) as never);
    } catch (error) {
      // `pending` rejected (a throw from `steps.next` itself also lands here, and is rethrown by
      // `steps.throw` on a finished generator, which is what `await` would have done).
      step = steps.throw(error);
    }
    while (!step.done && !isPromise(step.value)) step = steps.next(step.value as never);
    if (step.done) return step.value;
    pending = step.value as Promise<unknown>;
  }
}

/**
 * `f(value)` now, or once `value` is there. (Not named `then`: a module exporting `then` is a
 * thenable, and `await import()` of it would call that.)
 */
export function after<T, U>(value: Awaitable<T>, f: (value: T) => Awaitable<U>): Awaitable<U> {
  return isPromise(value) ? value.then(f) : f(value);
}

/** Every value, now when all are there, else as one promise (Promise.all). */
export function all<T>(values: readonly Awaitable<T>[]): Awaitable<T[]> {
  for (const value of values) if (isPromise(value)) return Promise.all(values);
  return values as T[];
}
