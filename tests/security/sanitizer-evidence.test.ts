import { describe, expect, it } from "vitest";
import { evidenceFor, MAX_EVIDENCE } from "@/lib/security/sanitizer";

describe("evidenceFor", () => {
  it("returns a short value unchanged", () => {
    expect(evidenceFor("1' OR 1=1 --", "' OR 1=1")).toBe("1' OR 1=1 --");
  });

  it("keeps at most 80 characters around the match, marking cuts with …", () => {
    const text = `${"a".repeat(500)} <script>alert(1)</script> ${"b".repeat(500)}`;
    const evidence = evidenceFor(text, "<script>");
    expect(evidence.length).toBeLessThanOrEqual(MAX_EVIDENCE);
    expect(evidence).toContain("<script>alert(1)</script>");
    expect(evidence.startsWith("…")).toBe(true);
    expect(evidence.endsWith("…")).toBe(true);
  });

  it("shows the start of a match longer than the budget", () => {
    const evidence = evidenceFor("x".repeat(10) + "y".repeat(1000), "y".repeat(1000));
    expect(evidence.length).toBeLessThanOrEqual(MAX_EVIDENCE);
    expect(evidence).toMatch(/^…?y+…$/);
  });

  it("escapes control characters, line separators and bidi overrides", () => {
    expect(evidenceFor("a\r\nb\u0000c\u202ed\u2028", "b")).toBe("a\\r\\nb\\x00c\\u202ed\\u2028");
  });

  it("redacts credentials next to the match: password=, token:, Bearer and long base64/hex runs", () => {
    const text = "password=hunter2&q=' OR 1=1&token: abc123 Bearer zzz jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0 key 9f86d081884c7d659a2feaa0c55ad015";
    const evidence = evidenceFor(text, "' OR 1=1");
    for (const secret of ["hunter2", "abc123", "zzz", "eyJhbGciOiJIUzI1NiJ9", "9f86d081884c7d659a2feaa0c55ad015"]) {
      expect(evidence).not.toContain(secret);
    }
    expect(evidence).toContain("' OR 1=1");
    expect(evidence).toContain("[redacted]");
  });

  it("never leaves part of a token visible at the window's edge", () => {
    const token = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";
    const evidence = evidenceFor(`${"x ".repeat(30)}${token} <script>`, "<script>");
    expect(evidence).not.toMatch(/[A-Za-z0-9]{10,}/);
  });

  it("keeps ordinary long words and paths readable", () => {
    expect(evidenceFor("cat /usr/local/apps/apache2/conf/httpd.conf", "/usr/local")).toContain("/usr/local/apps/apache2/conf/httpd.conf");
  });

  it("falls back to the match when it is not in the text", () => {
    expect(evidenceFor("something else", "<script>")).toBe("<script>");
  });
});
