import { describe, expect, it } from "vitest";
import { inspectRequest, type Detector, type RequestParts, type SanitizerPolicy } from "@/lib/security/sanitizer";
import { DETECTORS } from "@/lib/security/detectors";

const POLICY: SanitizerPolicy = { mode: "enforce", familyModes: {}, allowlist: [] };

/** A detector that counts the values it reads and fires on a marker word. */
function counting(): Detector & { seen: string[] } {
  const seen: string[] = [];
  return {
    family: "xss",
    seen,
    detect: (value) => {
      seen.push(value.location);
      return value.raw.includes("EVIL") ? { level: "high", rule: "xss.marker", match: "EVIL" } : null;
    },
  };
}

const request = (userAgent: string, query = "q=1", path = "/api/print/jobs"): RequestParts => ({
  method: "GET",
  path,
  search: query,
  headers: [["user-agent", userAgent]],
});

describe("inspectRequest: repeated header and path values", () => {
  it("reads a header value and the path once while they stay clean, query values every time", () => {
    const detector = counting();
    for (let i = 0; i < 3; i++) expect(inspectRequest(request("PrintFrontend/2.3"), POLICY, [detector]).outcome).toBe("allow");
    expect(detector.seen.filter((l) => l === "header.user-agent")).toHaveLength(1);
    expect(detector.seen.filter((l) => l === "path")).toHaveLength(1);
    expect(detector.seen.filter((l) => l === "query.q")).toHaveLength(3);
  });

  it("still refuses a repeated attack in a header every time, with its finding", () => {
    const detector = counting();
    for (let i = 0; i < 3; i++) {
      const decision = inspectRequest(request("EVIL/1.0"), POLICY, [detector]);
      expect(decision.outcome).toBe("deny");
      expect(decision.findings[0]).toMatchObject({ location: "header.user-agent", rule: "xss.marker" });
    }
  });

  it("does not carry a clean answer to another header name or another detector", () => {
    const first = counting();
    inspectRequest(request("PrintFrontend/2.3"), POLICY, [first]);
    const second = counting();
    inspectRequest(request("PrintFrontend/2.3"), POLICY, [second]);
    expect(second.seen).toContain("header.user-agent");
    const other = inspectRequest({ ...request("x"), headers: [["x-client", "PrintFrontend/2.3"]] }, POLICY, [first]);
    expect(other.outcome).toBe("allow");
    expect(first.seen).toContain("header.x-client");
  });

  it("with the real detectors, gives the same decision the first time and every time after", () => {
    const attack = request("() { :; }; /bin/bash -c 'cat /etc/passwd'", "q=1", "/api/print/jobs");
    const clean = request("Mozilla/5.0 (X11; Linux x86_64) PrintFrontend/2.3", "q=1", "/api/print/jobs");
    const firstAttack = inspectRequest(attack, POLICY, DETECTORS);
    const firstClean = inspectRequest(clean, POLICY, DETECTORS);
    expect(firstAttack.outcome).toBe("deny");
    expect(firstClean.outcome).toBe("allow");
    for (let i = 0; i < 3; i++) {
      expect(inspectRequest(attack, POLICY, DETECTORS)).toEqual(firstAttack);
      expect(inspectRequest(clean, POLICY, DETECTORS)).toEqual(firstClean);
    }
  });

  it("reads a value a second detector has not seen yet with that detector only", () => {
    const first = counting();
    inspectRequest(request("PrintFrontend/2.3"), POLICY, [first]);
    const second = counting();
    inspectRequest(request("PrintFrontend/2.3"), POLICY, [first, second]);
    expect(first.seen.filter((l) => l === "header.user-agent")).toHaveLength(1);
    expect(second.seen.filter((l) => l === "header.user-agent")).toHaveLength(1);
  });

  it("never reads one detector's clean answer as another's, when detectors outnumber the memo's bits", () => {
    // Forty detectors that find everything clean each leave their answer for this header; a
    // detector made after them (reusing a bit handed out before) must still read and refuse it.
    const harmless = (): Detector => ({ family: "xss", detect: () => null });
    for (let i = 0; i < 40; i++) inspectRequest(request("EVIL/2.0"), POLICY, [harmless()]);
    const decision = inspectRequest(request("EVIL/2.0"), POLICY, [counting()]);
    expect(decision.outcome).toBe("deny");
    expect(decision.findings[0]).toMatchObject({ location: "header.user-agent" });
  });

  it("with more detectors at once than the memo has bits, remembers nothing and still reads every value", () => {
    const many = Array.from({ length: 31 }, () => counting());
    for (let i = 0; i < 2; i++) expect(inspectRequest(request("EVIL/3.0"), POLICY, many).outcome).toBe("deny");
    expect(many.every((d) => d.seen.filter((l) => l === "header.user-agent").length === 2)).toBe(true);
  });
});
