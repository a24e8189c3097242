import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { leadNeedsReading, needsShellReading } from "@/lib/security/detectors/cmd-gate";
import { DETECTORS } from "@/lib/security/detectors";
import { maybeXss } from "@/lib/security/detectors/xss";
import {
  charClasses,
  DECODING,
  DOT_DOT,
  formClasses,
  LETTER,
  LETTER_PAIR,
  NON_ASCII,
  SHELL,
  SLASH,
  SQL_PUNCT,
  XSS_DOT,
  XSS_PUNCT,
  ZERO_X,
} from "@/lib/security/sanitizer/char-classes";
import { extractValues } from "@/lib/security/sanitizer/extract";
import { normalizedForms } from "@/lib/security/sanitizer/normalize";
import type { InspectedValue } from "@/lib/security/sanitizer/types";

// The class bits are supersets of what each gate looks for; each is checked against the gate's
// own definition (the regular expressions they replace), and every detector against itself with
// and without the bits, on strings built from the characters the gates care about.

const UNITS = [
  ..."aZxX0159 \t\n\r.,-_:+;&|()/\\'\"`<>=!?@#$%^*[]{}~",
  "..", "0x", "0X", "/*", "*/", "--", "&#", "&lt;", "%27", "%2e", "%c0%ae", "\u0000", "é", "\u00a0", "\u2019", "＜", "м", "¼",
  "select", "union", "or", "document.", "window[", "alert(", "onx=", "javascript:", "cat", "id", "whoami", "etc/passwd", "G1", "M104", "+A",
];
const text = fc.array(fc.constantFrom(...UNITS), { maxLength: 40 }).map((units) => units.join(""));

describe("character classes", () => {
  it("each bit is set exactly when its pattern occurs", () => {
    const patterns: Array<[number, RegExp]> = [
      [LETTER, /[A-Za-z]/],
      [LETTER_PAIR, /[A-Za-z]{2}/],
      [NON_ASCII, /[^\x00-\x7f]/],
      [DECODING, /[%&\0]/],
      [SQL_PUNCT, /['"`;|&/@:#?(=<>!)+]/],
      [XSS_PUNCT, /[<(`[{=:\-!\\+&]/],
      [XSS_DOT, /(?<=[A-Za-z)\x00-\x20/])\./],
      [SHELL, /[^A-Za-z0-9 \t.,\-_:+]/],
      [SLASH, /[/\\]/],
      [DOT_DOT, /\.\./],
      [ZERO_X, /0[xX]/],
    ];
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: "binary", maxLength: 60 })), (s) => {
        const bits = charClasses(s);
        for (const [bit, pattern] of patterns) expect((bits & bit) !== 0, `${pattern} in ${JSON.stringify(s)}`).toBe(pattern.test(s));
      }),
      { numRuns: 5000 },
    );
    expect(formClasses(["ab", "x/y"])).toBe(charClasses("ab") | charClasses("x/y"));
  });

  it("the gates they stand for clear nothing their own scans would not", () => {
    fc.assert(
      fc.property(text, (s) => {
        const bits = charClasses(s);
        // SQL's ANY_READING, XSS's maybeXss (a leading quote apart), the shell gate on plain values.
        if ((bits & (LETTER_PAIR | SQL_PUNCT | NON_ASCII)) === 0) expect(/[A-Za-z]{2}|['"`;|&/@:#?(=<>!)+\u0080-\uffff]/.test(s)).toBe(false);
        if ((bits & (XSS_PUNCT | XSS_DOT | NON_ASCII)) === 0 && !/^['"`]/.test(s)) expect(maybeXss(s)).toBe(false);
        if ((bits & SHELL) === 0) expect(leadNeedsReading(s)).toBe(needsShellReading(s));
      }),
      { numRuns: 20000 },
    );
  });

  it("every detector answers the same with the bits as without them", () => {
    fc.assert(
      fc.property(text, fc.constantFrom("body.prompt", "body.f.filename", "query.q", "header.user-agent", "path"), (raw, location) => {
        const kind = location === "path" ? "path" : (location.split(".")[0] as InspectedValue["kind"]);
        const value: InspectedValue = { location, kind, raw, forms: normalizedForms(raw) };
        const withBits = { ...value, chars: formClasses(value.forms) };
        for (const detector of DETECTORS) expect(detector.detect(withBits), `${detector.family} on ${JSON.stringify(raw)}`).toEqual(detector.detect(value));
      }),
      { numRuns: 5000 },
    );
  });

  it("extraction attaches the bits of every form to short values (long ones are left to each gate)", () => {
    const long = "G1 X3.70 Y1.30 E0.0500 ".repeat(4);
    const values = extractValues({
      method: "POST",
      path: "/api/x",
      search: "q=%27%20OR%201%3D1&plain=G1+X10",
      headers: [["user-agent", "Mozilla/5.0"]],
      body: { contentType: "application/json", text: JSON.stringify({ a: "&lt;script&gt;", b: "G1 X3.70 Y1.30", c: "caf\u00e9", long }) },
    });
    expect(values.length).toBe(8);
    for (const value of values) expect(value.chars, value.location).toBe(value.raw.length > 64 ? undefined : formClasses(value.forms));
  });
});
