import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { openResponseSlot, openSlotCount, writeThroughSlot, type SlotResponse } from "@/lib/http/response-slot";

/** A stand-in for a Node ServerResponse with what a slot uses. */
class FakeResponse extends EventEmitter implements SlotResponse {
  headers = new Map<string, string>();
  headersSent = false;
  setHeader(name: string, value: string) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
}

describe("response slots: the proxy's headers straight onto our server's response", () => {
  it("writes through an open slot, and the slot closes with its response", () => {
    const before = openSlotCount();
    const res = new FakeResponse();
    const slot = openResponseSlot(res);
    expect(openSlotCount()).toBe(before + 1);
    expect(writeThroughSlot(slot, { RateLimit: '"per-ip";r=9;t=60', "RateLimit-Policy": '"per-ip";q=10;w=60' })).toBe(true);
    expect(Object.fromEntries(res.headers)).toEqual({ ratelimit: '"per-ip";r=9;t=60', "ratelimit-policy": '"per-ip";q=10;w=60' });
    res.emit("close");
    expect(openSlotCount()).toBe(before);
    expect(writeThroughSlot(slot, { RateLimit: "x" })).toBe(false);
  });

  it("refuses unknown names, no slot, and responses whose headers are gone: the caller sends the headers itself", () => {
    expect(writeThroughSlot(null, { a: "1" })).toBe(false);
    expect(writeThroughSlot("not-a-slot", { a: "1" })).toBe(false);
    const res = new FakeResponse();
    const slot = openResponseSlot(res);
    res.headersSent = true;
    expect(writeThroughSlot(slot, { a: "1" })).toBe(false);
    expect(res.headers.size).toBe(0);
    res.emit("close");
  });

  it("gives every open response its own slot", () => {
    const responses = Array.from({ length: 50 }, () => new FakeResponse());
    const slots = responses.map((res) => openResponseSlot(res));
    expect(new Set(slots).size).toBe(50);
    slots.forEach((slot, i) => writeThroughSlot(slot, { n: String(i) }));
    expect(responses.map((res) => res.headers.get("n"))).toEqual(slots.map((_, i) => String(i)));
    for (const res of responses) res.emit("close");
  });
});
