import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inspectorFor } from "../support/detector";
import { findTraversal, isSlash } from "@/lib/security/detectors/path-climb";
import { mayReach, pathTraversalDetector, scanForm } from "@/lib/security/detectors/path-traversal";
import type { LocationKind, ThreatLevel } from "@/lib/security/sanitizer/types";

const inspectValue = inspectorFor(pathTraversalDetector);
const inspect = (raw: string, kind: LocationKind = "query", location = "query.file") => inspectValue(raw, kind, location);

type Row = [input: string, rule: string, level: ThreatLevel];

const ATTACKS: Record<string, Row[]> = {
  "`../` climbs in any spelling": [
    ["see [notes](../../../etc/shadow)", "path.traversal-os-file", "high"],
    ["[a](../b) and then ../../app/config", "path.traversal", "high"],
    ["../../../etc/passwd", "path.traversal-os-file", "high"],
    ["../secret.txt", "path.traversal", "medium"],
    ["../../secret.txt", "path.traversal", "high"],
    ["..\\..\\windows\\win.ini", "path.traversal-os-file", "high"],
    ["....//....//etc/passwd", "path.traversal-os-file", "high"],
    [".../.../WINDOWS/win.ini", "path.traversal-os-file", "high"],
    ["..;/..;/WEB-INF/web.xml", "path.traversal", "high"],
    ["../.git/HEAD", "path.traversal-credential", "high"],
  ],
  "encoded climbs": [
    ["..%2f..%2fsecret.txt", "path.encoded-traversal", "high"],
    ["%2e%2e%2f%2e%2e%2fetc%2fshadow", "path.traversal-os-file", "high"],
    ["%252e%252e%252fconfig", "path.encoded-traversal", "high"],
    ["%c0%ae%c0%ae/%c0%ae%c0%ae/x", "path.encoded-traversal", "high"],
    ["0x2e0x2e0x2fx", "path.encoded-traversal", "high"],
    ["0x5c0x2e.%00/", "path.encoded-traversal", "high"],
  ],
  "OS files without `../`": [
    ["C:\\Windows\\System32\\drivers\\etc\\hosts", "path.os-file", "high"],
    ["c:/winnt/repair/sam", "path.os-file", "high"],
    ["D:/inetpub/wwwroot/global.asa", "path.os-file", "high"],
    ["/etc/passwd", "path.os-file", "high"],
    ["/proc/self/environ", "path.os-file", "high"],
    ["file:///etc/shadow", "path.os-file", "high"],
    ["cat /root/.bash_history", "path.os-file", "high"],
    ["/sys/class/net", "path.os-file", "high"],
    ["C:\\boot.ini", "path.os-file", "high"],
    ["win.ini", "path.os-file", "high"],
  ],
  "credentials and restricted files": [
    [".env", "path.credential", "high"],
    [".env.production", "path.credential", "high"],
    [".git/config", "path.credential", "high"],
    ["/home/pi/.ssh/id_rsa", "path.credential", "high"],
    ["~/.aws/credentials", "path.credential", "high"],
    ["/srv/site/.htpasswd", "path.credential", "high"],
    ["/var/www/.htpasswd", "path.os-file", "high"],
    ["backup.sql.zip", "path.backup", "medium"],
  ],
  "AI coding-assistant artifacts": [
    [".claude/settings.json", "path.ai-artifact", "medium"],
    ["/app/.cursor/mcp.json", "path.ai-artifact", "medium"],
    ["CLAUDE.md", "path.ai-artifact", "medium"],
    [".github/copilot-instructions.md", "path.ai-artifact", "medium"],
    [".aider.conf.yml", "path.ai-artifact", "medium"],
  ],
};

const URL_PATH_ATTACKS: Row[] = [
  ["/.cursorignore", "path.ai-artifact", "medium"],
  ["/.codex/config.toml", "path.ai-artifact", "medium"],
  ["/.terraform/state", "path.credential", "high"],
  ["/wp-content/debug.log", "path.log", "medium"],
  ["/get/proc/interrupts", "path.os-file", "high"],
  ["/@fs/.env", "path.dev-server-file", "high"],
  ["/@id/__x00__", "path.dev-server-file", "high"],
  ["/index.php.bak", "path.backup", "medium"],
];

const BENIGN: string[] = [
  "models/parts/hinge-left.3mf",
  "Benchy_0.4n_PLA_1h23m.gcode",
  "bracket v2 (final).stl",
  "serial: /dev/serial/by-id/usb-Klipper_stm32-if00",
  "/dev/ttyUSB0",
  "path: ~/.octoprint/uploads",
  "~/printer_data/config/printer.cfg",
  "the .env file is missing, what do I put in it?",
  "upload my klippy.log please",
  "C:\\Users\\me\\Documents\\model.stl",
  "C:\\Windows\\System32\\ls",
  "Windows/Linux/macOS builds of the slicer",
  "Loading... / please wait",
  "wait.. what?",
  "firstname.dockery@host.tld",
  "/test.environment",
  "jquery.history.min.js",
  "see https://github.com/acme/printer/blob/main/.env.example",
  "......******....",
  "top/bottom layers: 4",
  "Travel area: (%(travel.minX).2f, %(travel.minY).2f)",
  "{% set x = params.X|default(0)|float %}",
  "See the [example.cfg](../config/example.cfg) file for details on defining a gcode_macro.",
  "Take a look at the example config files in the [config directory](../config/).",
  "sensor_path: /sys/class/thermal/thermal_zone0/temp",
  "serial: /tmp/klipper_host_mcu",
  "ffmpeg_binary_path: /usr/bin/ffmpeg",
  "Version 2..3 of the model",
];

const URL_PATH_BENIGN = ["/api/print", "/get/foo../1234", "/get/..foo", "/get/..", "/.well-known/security.txt", "/server/files/gcodes/.thumbs/benchy-300x300.png", "/jquery.history.min.js", "/api/files/local/benchy.gcode"];

describe("path-traversal detector", () => {
  for (const [technique, rows] of Object.entries(ATTACKS)) {
    describe(`detects ${technique}`, () => {
      it.each(rows)("%s → %s (%s)", (input, rule, level) => {
        expect(inspect(input)).toMatchObject({ rule, level });
      });
    });
  }

  describe("detects restricted files in the URL path", () => {
    it.each(URL_PATH_ATTACKS)("%s → %s (%s)", (input, rule, level) => {
      expect(inspect(input, "path", "path")).toMatchObject({ rule, level });
    });
  });

  describe("passes 3D-printing paths and prose", () => {
    it.each(BENIGN)("%s", (input) => {
      expect(inspect(input)).toBeNull();
      expect(inspect(input, "body", "body.prompt")).toBeNull();
    });
  });

  describe("passes ordinary URL paths", () => {
    it.each(URL_PATH_BENIGN)("%s", (input) => {
      expect(inspect(input, "path", "path")).toBeNull();
    });
  });

  it("flags an upload name that starts with `..` (its separator lost to a parser)", () => {
    expect(inspect("..1.7z", "body", "body.file.filename")).toMatchObject({ rule: "path.traversal" });
    expect(inspect("..1.7z", "body", "body.note")).toBeNull();
  });

  it("returns a verdict for any string, never an exception", () => {
    const alphabet = fc.constantFrom(..."./\\%2e0x5c;:etcpasswd.envgitssh~@ ".split(""));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 300 }), (s) => {
        const hit = inspect(s);
        return hit === null || hit.rule.startsWith("path.");
      }),
      { numRuns: 500 },
    );
  });

  it("stays linear on 1 MiB adversarial inputs", () => {
    const MiB = 1 << 20;
    for (const unit of ["../", "..", "/", "\\", "\\n", "x/.", "/etc/ ", "0x2e0x2e0x2f", ".env/", "a"]) {
      const input = unit.repeat(Math.ceil(MiB / unit.length)).slice(0, MiB);
      const started = performance.now();
      inspect(input);
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });

  it("finds where a climb ends as a dot-segment-by-dot-segment walk does (the pattern that skips past the second)", () => {
    // The walk findTraversal did for every climb before it skipped natively past the second.
    const walkedEnd = (s: string, at: number): { depth: number; end: number } => {
      let depth = 0;
      let k = at;
      for (;;) {
        let d = k;
        while (d < s.length && s.charCodeAt(d) === 46) d++;
        if (d - k < 2) return { depth, end: k };
        depth++;
        k = d;
        while (k < s.length && (isSlash(s.charCodeAt(k)) || s.charCodeAt(k) === 59 || (s.charCodeAt(k) === 46 && isSlash(s.charCodeAt(k + 1))))) k++;
      }
    };
    const unit = fc.constantFrom(..."../\\;a".split(""), "../", "..\\", "..;/", "./", "//", "etc/passwd");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }).map((units) => units.join("")), (s) => {
        const found = findTraversal(s);
        if (found === null) return;
        const walked = walkedEnd(s, found.at);
        expect(found.end).toBe(walked.end);
        expect(found.depth).toBe(Math.min(walked.depth, 2));
      }),
      { numRuns: 3000 },
    );
  });

  it("pre-gate: clears only values the full scan would not flag", () => {
    const parts = ["passwd", "shadow", "id_rsa", "environ", "known_hosts", "error_log", ".env", ".git", "dump.sql", "web.config", "G1", "X1.5", "bracket", "normal", "etc", "a", ".", "..", "~", "Passwd", "authorized_keys", "0x2e", "x"];
    const valueArb = fc.array(fc.constantFrom(...parts), { minLength: 1, maxLength: 5 }).chain((segs) => fc.constantFrom(" ", "", "?", "&", "\"", "'", ";").map((sep) => segs.join(sep)));
    fc.assert(
      fc.property(valueArb, fc.constantFrom<LocationKind>("query", "body", "header"), (value, kind) => {
        if (!mayReach(value)) expect(scanForm(value, kind)).toBeNull();
      }),
      { numRuns: 2000 },
    );
    for (const attack of ["passwd", ".env", "id_rsa", "../x", "0x2e0x2e/x", "a/b"]) expect(mayReach(attack)).toBe(true);
    for (const benign of ["G1 X120.5 Y80.25", "bracket v2 (final).stl", "normal", "voron-24-01"]) expect(mayReach(benign)).toBe(false);
  });
});
