import { spawn, type ChildProcess } from "node:child_process";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TIMED_OUT, withDeadline } from "@/lib/ratelimit/deadline";

/** Blocks the event loop, as a server busy with other requests does. */
function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe("withDeadline", () => {
  it("gives the work's answer when it comes in time", async () => {
    expect(await withDeadline(Promise.resolve("answer"), 50)).toBe("answer");
  });

  it("gives TIMED_OUT when the work does not settle, and swallows its late rejection", async () => {
    let reject!: (error: Error) => void;
    const late = new Promise<string>((_, r) => (reject = r));
    const started = performance.now();
    expect(await withDeadline(late, 20)).toBe(TIMED_OUT);
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
    reject(new Error("too late")); // no unhandled rejection follows
  });

  describe("an answer that arrived in time while the event loop was busy", () => {
    // A store in another process (it must answer while this one is blocked): an echo server.
    let server: ChildProcess;
    let socket: Socket;

    beforeAll(async () => {
      server = spawn(process.execPath, ["-e", `require("node:net").createServer((s) => s.on("data", (d) => s.write(d))).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`], { stdio: ["ignore", "pipe", "inherit"] });
      const port = await new Promise<number>((resolve) => server.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))));
      socket = connect(port, "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
    });

    afterAll(() => {
      socket?.destroy();
      server?.kill();
    });

    it("is the answer, not TIMED_OUT: the deadline is the store's, not our loop's", async () => {
      const reply = new Promise<string>((resolve) => socket.once("data", (d: Buffer) => resolve(d.toString())));
      socket.write("pong");
      const answer = withDeadline(reply, 20);
      // The echo comes back within a millisecond, but this process only reads it after the busy
      // stretch, when the 20 ms timer is due as well; Node runs due timers before reading sockets.
      busyFor(300);
      expect(await answer).toBe("pong");
    });
  });
});
