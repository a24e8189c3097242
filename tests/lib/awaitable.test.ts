import { describe, expect, it } from "vitest";
import { after, all, drive, isPromise, wait, type Steps } from "@/lib/awaitable";

/** Adds what two steps give, noting each step as it is taken. */
function* sum(a: number | Promise<number>, b: number | Promise<number>, log: string[]): Steps<number> {
  log.push("start");
  const x = yield* wait(a);
  log.push(`a=${x}`);
  const y = yield* wait(b);
  log.push(`b=${y}`);
  return x + y;
}

describe("drive: procedures that stay synchronous while they can", () => {
  it("returns the value itself when no step waited, having run every step at once", () => {
    const log: string[] = [];
    const result = drive(sum(1, 2, log));
    expect(isPromise(result)).toBe(false);
    expect(result).toBe(3);
    expect(log).toEqual(["start", "a=1", "b=2"]);
  });

  it("goes on asynchronously from the first promise, and still runs the steps before it at once", async () => {
    const log: string[] = [];
    const result = drive(sum(1, Promise.resolve(5), log));
    expect(isPromise(result)).toBe(true);
    expect(log).toEqual(["start", "a=1"]);
    expect(await result).toBe(6);
    expect(log).toEqual(["start", "a=1", "b=5"]);
  });

  it("resumes synchronous steps after an asynchronous one without further waiting", async () => {
    function* chain(): Steps<string> {
      const a = yield* wait(Promise.resolve("a"));
      const b = yield* wait("b");
      const c = yield* wait(Promise.resolve("c"));
      return a + b + c + (yield* wait("d"));
    }
    expect(await drive(chain())).toBe("abcd");
  });

  it("throws a rejection into the procedure at its wait, where try/catch handles it as with await", async () => {
    function* guarded(): Steps<string> {
      try {
        return yield* wait(Promise.reject(new Error("store down")));
      } catch (error) {
        return `handled: ${(error as Error).message}`;
      }
    }
    expect(await drive(guarded())).toBe("handled: store down");
  });

  it("throws at once before the first promise, and rejects after it", async () => {
    function* early(): Steps<number> {
      yield* wait(1);
      throw new Error("early");
    }
    expect(() => drive(early())).toThrow("early");
    function* late(): Steps<number> {
      yield* wait(Promise.resolve(1));
      throw new Error("late");
    }
    await expect(drive(late())).rejects.toThrow("late");
    const unhandled = drive(sum(1, Promise.reject(new Error("b failed")), []));
    await expect(unhandled).rejects.toThrow("b failed");
  });
});

describe("after and all", () => {
  it("apply at once to values that are there, and through a promise otherwise", async () => {
    expect(after(2, (x) => x * 10)).toBe(20);
    const later = after(Promise.resolve(2), (x) => x * 10);
    expect(isPromise(later)).toBe(true);
    expect(await later).toBe(20);
    expect(all([1, 2, 3])).toEqual([1, 2, 3]);
    const mixed = all([1, Promise.resolve(2), 3]);
    expect(isPromise(mixed)).toBe(true);
    expect(await mixed).toEqual([1, 2, 3]);
  });
});
