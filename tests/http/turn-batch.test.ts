import { describe, expect, it } from "vitest";
import { turnBatcher } from "@/lib/http/turn-batch";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An async function with three steps, each logged, as a request's way through Next is. */
async function steps(name: string, log: string[]): Promise<void> {
  for (let i = 1; i <= 3; i++) {
    log.push(`${name}${i}`);
    await null;
  }
}

describe("turnBatcher", () => {
  it("runs nothing at once; the work of one turn runs later, together, in arrival order", async () => {
    const ran: string[] = [];
    const dispatch = turnBatcher(() => undefined);
    dispatch(() => ran.push("a"));
    dispatch(() => ran.push("b"));
    dispatch(() => ran.push("c"));
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran).toEqual(["a", "b", "c"]);
  });

  it("interleaves the async steps of work started in one turn (what makes it faster), unlike one callback each", async () => {
    const batched: string[] = [];
    const dispatch = turnBatcher(() => undefined);
    dispatch(() => void steps("a", batched));
    dispatch(() => void steps("b", batched));
    await nextTurn();
    await nextTurn();
    expect(batched).toEqual(["a1", "b1", "a2", "b2", "a3", "b3"]);

    // As a plain Node server runs them: each from its own callback, microtasks drained in between.
    const separate: string[] = [];
    setImmediate(() => void steps("a", separate));
    setImmediate(() => void steps("b", separate));
    await nextTurn();
    await nextTurn();
    expect(separate).toEqual(["a1", "a2", "a3", "b1", "b2", "b3"]);
  });

  it("reports a failing piece of work and still runs the rest of its turn", async () => {
    const errors: unknown[] = [];
    const ran: string[] = [];
    const dispatch = turnBatcher((error) => errors.push(error));
    dispatch(() => ran.push("a"));
    dispatch(() => {
      throw new Error("boom");
    });
    dispatch(() => ran.push("c"));
    await nextTurn();
    expect(ran).toEqual(["a", "c"]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("boom");
  });

  it("work queued while a batch runs goes into the next turn's batch", async () => {
    const ran: string[] = [];
    const dispatch = turnBatcher(() => undefined);
    dispatch(() => {
      ran.push("first");
      dispatch(() => ran.push("queued during the flush"));
    });
    await nextTurn();
    expect(ran).toEqual(["first"]);
    await nextTurn();
    expect(ran).toEqual(["first", "queued during the flush"]);
  });
});
