import { describe, expect, it } from "vitest";
import { inspectRequest, type RequestParts, type SanitizerPolicy } from "@/lib/security/sanitizer";

// 3D-printing traffic that must pass with every detector enforced (issue 3, item 4).
const DOMAIN_EXAMPLES = [
  "M104 S200 ; set hotend temperature",
  "G1 X10 Y20 F3000",
  "{if nozzle_diameter[0]==0.4}0.027{endif}",
  "bracket v2 (final).stl",
  '"%1%" preset',
  "Select the PLA profile, then drop the brim & union the two halves; order by height.",
  "Print it at 20% infill; don't exceed 215°C — the 'tree' supports are fine & cheaper.",
  "Use the script from O'Brien's notes: exec the cat-ear macro, then rm the old raft (100% sure).",
  'Make a 3/4" bracket with "rounded" corners; select 0.2mm layers and 15% infill',
  "{% if printer.toolhead.homed_axes != 'xyz' %}G28{% endif %}",
  "<strong>Warning:</strong> the bed is still hot",
];

const ENFORCE: SanitizerPolicy = { mode: "enforce", familyModes: {}, allowlist: [] };
const asQuery = (text: string): RequestParts => ({ method: "GET", path: "/api/print/jobs", search: `q=${encodeURIComponent(text)}`, headers: [] });
const asJson = (text: string): RequestParts => ({
  method: "POST",
  path: "/api/print/jobs",
  search: "",
  headers: [["content-type", "application/json"]],
  body: { contentType: "application/json", text: JSON.stringify({ prompt: text }) },
});

describe("sanitizer: 3D-printing inputs pass with all detectors enforced", () => {
  for (const [delivery, build] of [["query value", asQuery], ["JSON value", asJson]] as const) {
    it.each(DOMAIN_EXAMPLES)(`passes as a ${delivery}: %s`, (text) => {
      const decision = inspectRequest(build(text), ENFORCE);
      expect(decision.error).toBeUndefined();
      expect(decision.findings.map((f) => `${f.family}/${f.rule}: ${f.evidence}`)).toEqual([]);
      expect(decision.outcome).toBe("allow");
    });
  }
});

describe("sanitizer: everyday browser and print-frontend requests pass", () => {
  const HEADERS: Array<[string, string]> = [
    ["host", "localhost:3000"],
    ["user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"],
    ["user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"],
    ["user-agent", "OctoPrint/1.10.3 (Linux; Raspberry Pi)"],
    ["referer", "http://localhost:3000/dashboard/audit?family=sql_injection&level=high"],
    ["origin", "http://localhost:3000"],
    ["x-forwarded-for", "203.0.113.7, 10.0.0.2"],
    ["forwarded", "for=203.0.113.7;proto=https;by=10.0.0.1"],
    ["traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"],
    ["cookie", "next-auth.callback-url=http%3A%2F%2Flocalhost%3A3000%2Fdashboard; theme=dark; _ga=GA1.1.123456789.1700000000"],
  ];

  it("passes common headers and cookies", () => {
    const decision = inspectRequest({ method: "GET", path: "/dashboard", search: "", headers: HEADERS }, ENFORCE);
    expect(decision.findings.map((f) => `${f.family}/${f.rule}@${f.location}: ${f.evidence}`)).toEqual([]);
  });

  it.each([
    ["/api/security-performance/security/audit-log", "cursor=eyJpZCI6MTIzfQ&limit=50&family=sql_injection&from=2026-01-01T00%3A00%3A00.000Z"],
    ["/api/security-performance/security/mfa/setup/clx1abc2d0000xyz", ""],
    ["/login", "callbackUrl=%2Fdashboard%2Faudit"],
    ["/_next/data/build-id/dashboard.json", ""],
  ])("passes GET %s?%s", (path, search) => {
    expect(inspectRequest({ method: "GET", path, search, headers: HEADERS }, ENFORCE).outcome).toBe("allow");
  });

  it("never inspects a sign-in password, whatever it contains", () => {
    const text = "csrfToken=4f3c2b1a0e9d8c7b&email=admin%40example.com&password=P%40ss'%3B+DROP+TABLE+users--&callbackUrl=%2Fdashboard";
    const decision = inspectRequest(
      { method: "POST", path: "/api/auth/callback/credentials", search: "", headers: [], body: { contentType: "application/x-www-form-urlencoded", text } },
      ENFORCE,
    );
    expect(decision.outcome).toBe("allow");
  });
});
