import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPromise } from "@/lib/awaitable";
import { guardRequest } from "@/lib/guard/guard";
import { startTestApp, request, type TestApp } from "../support/app";

// The guard in-process (the built server's behaviour is in tests/server/guard.test.ts): which
// requests it decides at once, without a promise, and that the waiting ones decide the same way.
describe("request guard: decided at once unless a step must wait", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("sqlite", { RATE_LIMIT_MODE: "enforce", SANITIZER_MODE: "enforce" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("passes a GET with the in-process limiter without a promise, with its RateLimit headers", () => {
    const outcome = guardRequest(request("/api/health?printer=prusa-mk4&job=bracket%20v2%20(final).stl"));
    expect(isPromise(outcome)).toBe(false);
    if (isPromise(outcome)) return;
    expect(outcome.response).toBeNull();
    expect(outcome.responseHeaders.RateLimit ?? outcome.responseHeaders.ratelimit).toMatch(/r=\d+/);
  });

  it("refuses an attack in the query at once too, as 403 problem+json", async () => {
    const outcome = guardRequest(request("/api/health?file=..%2f..%2f..%2fetc%2fpasswd"));
    expect(isPromise(outcome)).toBe(false);
    if (isPromise(outcome)) return;
    expect(outcome.response?.status).toBe(403);
    expect((await outcome.response!.json()).type).toMatch(/\/malicious-input$/);
  });

  it("waits for a body, and decides on it: a clean one passes, an attack is refused", async () => {
    const clean = guardRequest(request("/api/print/jobs", { method: "POST", json: { gcode: "M104 S200 ; set hotend temperature" } }));
    expect(isPromise(clean)).toBe(true);
    expect((await clean).response).toBeNull();
    const attack = await guardRequest(request("/api/print/jobs", { method: "POST", json: { prompt: "x'; DROP TABLE users; --" } }));
    expect(attack.response?.status).toBe(403);
  });

  it("waits once to decrypt a session it has not seen, then counts that user at once", async () => {
    const { cookie } = await app.signedIn("user");
    const first = guardRequest(request("/api/me", { cookie }));
    expect(isPromise(first)).toBe(true);
    expect((await first).response).toBeNull();
    const again = guardRequest(request("/api/me", { cookie }));
    expect(isPromise(again)).toBe(false);
  });
});
