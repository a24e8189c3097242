/**
 * A concurrency limiter for heavy work (exports, rollup queries, report builds): at most `limit`
 * holders at once, the rest wait in FIFO order or give up after `timeoutMs`.
 *
 *   using permit = await heavyWork.acquire();   // released when the block ends, even on throw
 *
 * A permit released twice counts once.
 */
export class ConcurrencyLimitError extends Error {
  override name = "ConcurrencyLimitError";
}

export interface Permit extends Disposable {
  release(): void;
}

export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<{ grant: (permit: Permit) => void; timer: ReturnType<typeof setTimeout> | null }> = [];

  constructor(
    readonly limit: number,
    private readonly options: { timeoutMs?: number; maxQueue?: number } = {},
  ) {
    if (!(limit >= 1)) throw new RangeError("limit must be at least 1");
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** A permit now when one is free; otherwise waits (rejects with ConcurrencyLimitError on timeout or a full queue). */
  acquire(): Promise<Permit> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.permit());
    }
    if (this.options.maxQueue !== undefined && this.waiting.length >= this.options.maxQueue) {
      return Promise.reject(new ConcurrencyLimitError("too many waiting for heavy work"));
    }
    return new Promise<Permit>((resolve, reject) => {
      const entry = { grant: resolve, timer: null as ReturnType<typeof setTimeout> | null };
      if (this.options.timeoutMs !== undefined) {
        entry.timer = setTimeout(() => {
          const at = this.waiting.indexOf(entry);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(new ConcurrencyLimitError(`no slot for heavy work within ${this.options.timeoutMs} ms`));
        }, this.options.timeoutMs);
      }
      this.waiting.push(entry);
    });
  }

  /** A permit only if one is free right now. */
  tryAcquire(): Permit | null {
    if (this.active >= this.limit) return null;
    this.active++;
    return this.permit();
  }

  private permit(): Permit {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) {
        // The slot passes straight to the next waiter: `active` stays the same.
        if (next.timer) clearTimeout(next.timer);
        next.grant(this.permit());
      } else {
        this.active--;
      }
    };
    return { release, [Symbol.dispose]: release };
  }
}
