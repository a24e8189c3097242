import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FAMILIES, inspectRequest, MAX_EVIDENCE, THREAT_LEVELS, type RequestParts, type SanitizerDecision, type SanitizerPolicy } from "@/lib/security/sanitizer";

// Property: whatever arrives, inspectRequest returns a well-formed decision, never an exception,
// and no detector fails internally. Many small cases, a few of 1 MiB.

const POLICY: SanitizerPolicy = { mode: "enforce", familyModes: { xss: "monitor" }, allowlist: [{ route: "/api/*", field: "query.a", family: "sql_injection" }] };

const base = (over: Partial<RequestParts>): RequestParts => ({ method: "POST", path: "/api/jobs", search: "", headers: [], ...over });
const withBody = (contentType: string, text: string) => base({ body: { contentType, text } });

/** Every place a string can sit in a request. */
const DELIVERIES: Record<string, (s: string) => RequestParts> = {
  path: (s) => base({ path: `/api/${s}` }),
  "query value": (s) => base({ search: `q=${s}&a=${s}` }),
  "whole query": (s) => base({ search: s }),
  header: (s) => base({ headers: [["x-custom", s], ["user-agent", s], ["referer", s], ["host", s]] }),
  cookie: (s) => base({ headers: [["cookie", s], ["cookie", `n=${s}; ${s}=v`]] }),
  "json value": (s) => withBody("application/json", JSON.stringify({ k: s, [s]: [s, { [s]: s }] })),
  "json raw": (s) => withBody("application/json", s),
  form: (s) => withBody("application/x-www-form-urlencoded", s),
  multipart: (s) =>
    withBody(
      "multipart/form-data; boundary=zz",
      `--zz\r\nContent-Disposition: form-data; name="${s}"\r\n\r\n${s}\r\n--zz\nContent-Disposition: form-data; name="f"; filename="${s}"\n\n${s}\n--zz--`,
    ),
  "multipart raw": (s) => withBody(`multipart/form-data; boundary=${s.slice(0, 20) || "b"}`, s),
  xml: (s) => withBody("application/xml", `<?xml version="1.0"?><r a="${s}" b='${s}'><c>${s}</c><![CDATA[${s}]]><!--${s}--></r>`),
  "xml raw": (s) => withBody("text/xml", `<${s}`),
  text: (s) => withBody("text/plain", s),
};

const ADVERSARIAL_UNITS = [
  "%", "%25", "%2", "%u", "%u00", "%c0%ae", "%00", "&#", "&#x", "&", "&lt", ";", "<", ">", "</", "'", '"', "`", "/*", "*/", "--",
  "../", "..\\", "\\", "{", "}", "[", "]", ":", ",", "=", "$(", "|", "\r\n", "\n", "\u0000", "＜", "\ud800", "é", " ", "a", "0",
];
const adversarial = fc.array(fc.constantFrom(...ADVERSARIAL_UNITS), { maxLength: 300 }).map((units) => units.join(""));
const nestedJson = fc.integer({ min: 1, max: 5000 }).chain((depth) =>
  fc.constantFrom("[", '{"a":', '{"\\u003c":[').map((open) => open.repeat(depth) + '"x"'),
);
const strings = fc.oneof(fc.string(), fc.string({ unit: "binary" }), adversarial, nestedJson, fc.jsonValue().map((v) => JSON.stringify(v)));

function expectWellFormed(decision: SanitizerDecision): void {
  expect(["allow", "deny", "monitor"]).toContain(decision.outcome);
  expect(decision.mode).toBe("enforce");
  expect(decision.error).toBeUndefined();
  expect(decision.outcome === "allow").toBe(decision.findings.length === 0);
  for (const finding of decision.findings) {
    expect(FAMILIES).toContain(finding.family);
    expect(THREAT_LEVELS).toContain(finding.level);
    expect(typeof finding.rule).toBe("string");
    expect(typeof finding.location).toBe("string");
    expect(finding.evidence.length).toBeLessThanOrEqual(MAX_EVIDENCE);
  }
}

describe("inspectRequest on random and adversarial input", () => {
  for (const [name, deliver] of Object.entries(DELIVERIES)) {
    it(`returns a well-formed decision for any string delivered as ${name}`, () => {
      fc.assert(
        fc.property(strings, (s) => expectWellFormed(inspectRequest(deliver(s), POLICY))),
        { numRuns: 150 },
      );
    });
  }

  const MiB = 1024 * 1024;
  const BIG_SHAPES = ["%", "%25", "&#", "<", "'\"", "/*", "../", "[", '{"a":', "a=%27&", "<a b='1'/>", "é\u0000"];
  it(
    "handles 1 MiB adversarial inputs in every delivery that can carry them",
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...BIG_SHAPES), fc.constantFrom("json value", "json raw", "form", "multipart", "xml", "text"), (unit, name) => {
          const s = unit.repeat(Math.ceil(MiB / unit.length)).slice(0, MiB);
          expectWellFormed(inspectRequest(DELIVERIES[name]!(s), POLICY));
        }),
        { numRuns: 12 },
      );
    },
    120_000,
  );
});
