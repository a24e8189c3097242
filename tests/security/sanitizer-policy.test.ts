import { describe, expect, it } from "vitest";
import { inspectRequest, type Detector, type Family, type RequestParts, type SanitizerPolicy } from "@/lib/security/sanitizer";

/** A detector that fires on a marker word, so these tests do not depend on the real detectors' tuning. */
const marker = (family: Family, word: string, level: "low" | "medium" | "high" | "critical" = "high"): Detector => ({
  family,
  detect: (value) => {
    for (const form of value.forms) if (form.includes(word)) return { level, rule: `${family}.marker`, match: word };
    return null;
  },
});
const DETECTORS = [marker("sql_injection", "SQLI", "critical"), marker("xss", "XSS", "medium")];

const policy = (over: Partial<SanitizerPolicy> = {}): SanitizerPolicy => ({ mode: "enforce", familyModes: {}, allowlist: [], ...over });
const query = (search: string, path = "/api/print/jobs/42"): RequestParts => ({ method: "GET", path, search, headers: [] });

describe("inspectRequest: modes", () => {
  it("allows a clean request with no findings", () => {
    expect(inspectRequest(query("q=hello"), policy(), DETECTORS)).toEqual({ outcome: "allow", findings: [], mode: "enforce" });
  });

  it("denies a finding in an enforced family, with family, level, rule, location and evidence", () => {
    const decision = inspectRequest(query("q=1+SQLI+2"), policy(), DETECTORS);
    expect(decision.outcome).toBe("deny");
    expect(decision.level).toBe("critical");
    expect(decision.findings).toEqual([
      { family: "sql_injection", level: "critical", rule: "sql_injection.marker", location: "query.q", evidence: "1 SQLI 2", mode: "enforce" },
    ]);
  });

  it("monitor mode reports findings without denying", () => {
    const decision = inspectRequest(query("q=SQLI"), policy({ mode: "monitor" }), DETECTORS);
    expect(decision.outcome).toBe("monitor");
    expect(decision.findings[0]).toMatchObject({ family: "sql_injection", mode: "monitor" });
  });

  it("off mode skips every detector", () => {
    let called = false;
    const spy: Detector = { family: "xss", detect: () => ((called = true), null) };
    expect(inspectRequest(query("q=XSS"), policy({ mode: "off" }), [spy]).outcome).toBe("allow");
    expect(called).toBe(false);
  });

  it("a per-family override wins over the global mode", () => {
    const p = policy({ mode: "enforce", familyModes: { xss: "monitor", sql_injection: "off" } });
    const decision = inspectRequest(query("a=XSS&b=SQLI"), p, DETECTORS);
    expect(decision.outcome).toBe("monitor");
    expect(decision.findings.map((f) => f.family)).toEqual(["xss"]);
    expect(inspectRequest(query("q=XSS"), policy({ mode: "off", familyModes: { xss: "enforce" } }), DETECTORS).outcome).toBe("deny");
  });

  it("orders findings enforced first, then by threat level, and reports the highest level", () => {
    const p = policy({ familyModes: { sql_injection: "monitor" } });
    const decision = inspectRequest(query("a=SQLI&b=XSS"), p, DETECTORS);
    expect(decision.outcome).toBe("deny");
    expect(decision.findings.map((f) => `${f.family}:${f.mode}`)).toEqual(["xss:enforce", "sql_injection:monitor"]);
    expect(decision.level).toBe("medium");
  });
});

describe("inspectRequest: allowlist", () => {
  const allow = policy({ allowlist: [{ route: "/api/print/jobs/:id", field: "body.gcode", family: "sql_injection" }] });
  const job = (path: string, field: string): RequestParts => ({
    method: "POST",
    path,
    search: "",
    headers: [],
    body: { contentType: "application/json", text: JSON.stringify({ [field]: "SQLI XSS" }) },
  });

  it("skips only the listed family for the listed field on a matching route", () => {
    const decision = inspectRequest(job("/api/print/jobs/42", "gcode"), allow, DETECTORS);
    expect(decision.findings.map((f) => f.family)).toEqual(["xss"]);
  });

  it("does not apply to other fields or other routes", () => {
    expect(inspectRequest(job("/api/print/jobs/42", "notes"), allow, DETECTORS).findings.map((f) => f.family)).toContain("sql_injection");
    expect(inspectRequest(job("/api/print/jobs", "gcode"), allow, DETECTORS).findings.map((f) => f.family)).toContain("sql_injection");
    expect(inspectRequest(job("/api/print/jobs/42/x", "gcode"), allow, DETECTORS).findings.map((f) => f.family)).toContain("sql_injection");
  });

  it("cannot be borrowed through dot segments or backslashes", () => {
    for (const path of ["/api/print/jobs/%2e%2e", "/api/print/jobs/..", "/api/print/jobs/a%5c..%5cadmin"]) {
      expect(inspectRequest(job(path, "gcode"), allow, DETECTORS).findings.map((f) => f.family)).toContain("sql_injection");
    }
  });

  it("supports * segments, a trailing * for any rest, and * in fields", () => {
    const p = policy({
      allowlist: [
        { route: "/api/*/jobs/*", field: "body.steps[*].gcode", family: "sql_injection" },
        { route: "/api/files/*", field: "query.q", family: "xss" },
      ],
    });
    const steps: RequestParts = {
      method: "POST",
      path: "/api/v1/jobs/7",
      search: "",
      headers: [],
      body: { contentType: "application/json", text: JSON.stringify({ steps: [{ gcode: "SQLI" }, { gcode: "SQLI" }] }) },
    };
    expect(inspectRequest(steps, p, DETECTORS).outcome).toBe("allow");
    expect(inspectRequest(query("q=XSS", "/api/files/a/b/c"), p, DETECTORS).outcome).toBe("allow");
    expect(inspectRequest(query("q=XSS", "/api/other"), p, DETECTORS).outcome).toBe("deny");
  });
});

describe("inspectRequest: never throws", () => {
  it("a throwing detector is reported in error while the others still decide", () => {
    const broken: Detector = { family: "command_injection", detect: () => { throw new Error("boom"); } };
    const decision = inspectRequest(query("q=SQLI"), policy(), [broken, ...DETECTORS]);
    expect(decision.outcome).toBe("deny");
    expect(decision.error).toContain("command_injection: Error: boom");
  });

  it("an internal failure fails open, visibly: allow with error", () => {
    const hostile = { method: "GET", path: "/", search: "", get headers(): Iterable<[string, string]> { throw new Error("bad headers"); } };
    const decision = inspectRequest(hostile as RequestParts, policy(), DETECTORS);
    expect(decision).toMatchObject({ outcome: "allow", findings: [], error: "Error: bad headers" });
  });

  it("caps findings on a request that sprays every field, and still denies", () => {
    const search = Array.from({ length: 500 }, (_, i) => `f${i}=SQLI`).join("&");
    const decision = inspectRequest(query(search), policy(), DETECTORS);
    expect(decision.outcome).toBe("deny");
    expect(decision.findings.length).toBeLessThanOrEqual(32);
  });
});
