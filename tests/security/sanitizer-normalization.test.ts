import { describe, expect, it } from "vitest";
import { extractValues, type RequestParts } from "@/lib/security/sanitizer";

/** The forms the detectors see for a query value sent as `raw`. */
function formsOfQuery(raw: string): readonly string[] {
  const parts: RequestParts = { method: "GET", path: "/api/jobs", search: `q=${raw}`, headers: [] };
  return extractValues(parts).find((v) => v.location === "query.q")!.forms;
}

/** The forms the detectors see for a JSON string value. */
function formsOfJson(text: string): readonly string[] {
  const parts: RequestParts = {
    method: "POST",
    path: "/api/jobs",
    search: "",
    headers: [],
    body: { contentType: "application/json", text: JSON.stringify({ f: text }) },
  };
  return extractValues(parts).find((v) => v.location === "body.f")!.forms;
}

describe("sanitizer normalization: detectors see the decoded value", () => {
  it.each([
    ["double URL encoding", "%253Cscript%253E", "<script>"],
    ["triple URL encoding", "%25252e%25252e%25252f", "../"],
    ["%uXXXX escapes", "%u003Cscript%u003E", "<script>"],
    ["overlong UTF-8 dot-dot-slash", "%c0%ae%c0%ae%c0%af", "../"],
    ["URL-encoded entities", "%26lt%3Bscript%26gt%3B", "<script>"],
    ["NUL bytes", "/etc/pass%00wd", "/etc/passwd"],
    ["fullwidth characters (NFKC)", "%EF%BC%9Cscript%EF%BC%9E", "<script>"],
    ["form + as space", "1+OR+1%3D1", "1 OR 1=1"],
  ])("%s", (_label, raw, decoded) => {
    expect(formsOfQuery(raw)).toContain(decoded);
  });

  it.each([
    ["HTML entities, named and numeric", "&lt;img src=x onerror=alert(1)&gt;", "<img src=x onerror=alert(1)>"],
    ["numeric entities without semicolons", "&#60&#x73;cript", "<script"],
    ["an entity hiding a percent escape", "&#37;2e&#37;2e/", "../"],
  ])("%s (JSON value)", (_label, text, decoded) => {
    expect(formsOfJson(text)).toContain(decoded);
  });

  it("keeps the raw value as the first form when decoding changes it", () => {
    expect(formsOfQuery("%253Cb%253E")[0]).toBe("%253Cb%253E");
  });

  it("gives plain text exactly one form", () => {
    expect(formsOfQuery("G1+X10+Y20+F3000")).toEqual(["G1 X10 Y20 F3000"]);
  });

  it("normalizes JSON string values the same way", () => {
    expect(formsOfJson("%2e%2e%2f%2e%2e%2fetc%2fpasswd")).toContain("../../etc/passwd");
  });
});
