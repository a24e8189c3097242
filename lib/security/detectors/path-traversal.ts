/**
 * Path traversal (OWASP CRS 930 scope): `../` climbing in any spelling (`..\`, `..;/`, `.../`,
 * `....//`, URL, overlong-UTF-8 and `0x2e` encodings), and direct access to OS and restricted
 * files without one (`/etc/passwd`, `/proc/self/environ`, `.env`, `.git/`, `.ssh/id_rsa`,
 * `win.ini`, AI-assistant artifacts such as `.claude/` or `CLAUDE.md`).
 *
 * Every check is a left-to-right scan for `..` or `/`; names are compared as whole path segments
 * (path-files.ts), so a relative model path (`models/parts/hinge-left.3mf`) or a serial device
 * (`/dev/serial/by-id/...`) is not a finding.
 */
import { DOT_DOT, SLASH, ZERO_X } from "../sanitizer/char-classes";
import type { Detector, DetectorHit, InspectedValue, LocationKind, ThreatLevel } from "../sanitizer/types";
import * as path_climb_ from "./path-climb";
import { type FileKind } from "./path-files";
import * as path_files_ from "./path-files";

// Module-local bindings: a transpiler emitting CommonJS (tsx, ts-node) would route every call
// of an imported helper through a property getter, a measurable share of a short value's cost.
const { findTraversal, hexSpelled, isNameChar, isSlash } = path_climb_;
const { classifySegment, classifyUrlSegment, lowerSegment, systemRoot } = path_files_;

function hit(level: ThreatLevel, rule: string, match: string): DetectorHit {
  return { level, rule, match: match.length > 120 ? match.slice(0, 120) : match };
}

function isSegmentChar(c: number): boolean {
  return isNameChar(c) || c === 126 || c === 64 || c === 43 || c === 36;
}

/** The segment starting at `i` and whether a slash follows it. */
function segmentAt(s: string, i: number): { name: string; end: number; dir: boolean } {
  let j = i;
  const limit = Math.min(s.length, i + 96);
  while (j < limit && isSegmentChar(s.charCodeAt(j))) j++;
  return { name: s.slice(i, j), end: j, dir: isSlash(s.charCodeAt(j)) };
}

/** `root` (a segment followed by a slash) with the child and grandchild starting at `childAt`. */
function isSystemPath(s: string, childAt: number, root: string): boolean {
  if (root !== "etc" && root !== "root" && root !== "proc" && root !== "sys" && root !== "var" && root !== "windows" && root !== "winnt") return false;
  const child = segmentAt(s, childAt);
  const grandchild = child.dir ? lowerSegment(segmentAt(s, child.end + 1).name) : "";
  return systemRoot(root, lowerSegment(child.name), grandchild);
}

const LEVEL: Record<Exclude<FileKind, null>, ThreatLevel> = {
  "os-file": "high",
  credential: "high",
  "ai-artifact": "medium",
  log: "medium",
  backup: "medium",
};

/** What the path from `i` reaches: `etc/passwd`, `windows/win.ini`, `.ssh/id_rsa`, ... */
function targetOf(s: string, i: number): FileKind {
  const first = segmentAt(s, i);
  if (first.dir && isSystemPath(s, first.end + 1, lowerSegment(first.name))) return "os-file";
  let at = i;
  for (let seen = 0; seen < 12 && at < s.length; seen++) {
    const seg = segmentAt(s, at);
    const kind = classifySegment(seg.name, seg.dir);
    if (kind) return kind;
    if (!seg.dir) break;
    at = seg.end + 1;
  }
  return null;
}

/** A slash or backslash followed by three segment characters (isSegmentChar: never a slash). */
const SEGMENT_AFTER_SLASH = /[/\\](?=[0-9A-Za-z_\-.%~@+$\u0080-\uffff]{3})/g;

/** Absolute system paths (`/etc/...`, `/proc/self/...`) and sensitive segments after a `/` or at the start. */
function sensitivePath(s: string, kind: LocationKind): DetectorHit | null {
  const url = kind === "path";
  // Inside an http(s) link in a value, `/.env` is a page of someone else's site, not a file here.
  const scheme = url ? -1 : s.indexOf("://");
  let linkEnd = -1;
  if (scheme > 0 && !/file$/i.test(s.slice(Math.max(0, scheme - 4), scheme))) {
    linkEnd = scheme;
    while (linkEnd < s.length && s.charCodeAt(linkEnd) > 32) linkEnd++;
  }
  if (!isSlash(s.charCodeAt(0))) {
    const found = segmentFinding(s, 0, -1, url, scheme, linkEnd);
    if (found) return found;
  }
  // Sensitive names are 3+ characters (`.git`, `etc`, `sys`): only a slash followed by three
  // segment characters (the last of a run of slashes) needs a look, and those are found natively.
  const re = SEGMENT_AFTER_SLASH;
  re.lastIndex = 0;
  while (re.test(s)) {
    const i = re.lastIndex - 1;
    const found = segmentFinding(s, i + 1, i, url, scheme, linkEnd);
    if (found) {
      re.lastIndex = 0;
      return found;
    }
  }
  return null;
}

function segmentFinding(s: string, start: number, slash: number, url: boolean, linkStart: number, linkEnd: number): DetectorHit | null {
  if (start > linkStart && start < linkEnd) return null;
  const seg = segmentAt(s, start);
  if (!seg.name) return null;
  const lower = lowerSegment(seg.name);
  const before = slash <= 0 ? -1 : s.charCodeAt(slash - 1);
  // `/etc/x` must begin a path (`file:///etc`, `=/etc`, ` /etc`), not sit inside another path.
  const rooted = slash >= 0 && (before === -1 || isSlash(before) || !isSegmentChar(before));
  if (seg.dir && (rooted || url) && isSystemPath(s, seg.end + 1, lower)) {
    return hit("high", "path.os-file", s.slice(slash, Math.min(s.length, seg.end + 40)));
  }
  const file = url ? classifyUrlSegment(seg.name, seg.dir) : classifySegment(seg.name, seg.dir);
  if (file && (url || slash >= 0 || seg.dir || wholeToken(s, seg.end))) {
    return hit(LEVEL[file], `path.${file}`, s.slice(start, Math.min(s.length, seg.end + 40)));
  }
  if (url && slash === 0 && (lower === "@fs" || (lower === "@id" && s.indexOf("__x00__") > 0))) {
    return hit("high", "path.dev-server-file", s.slice(0, Math.min(s.length, 80)));
  }
  return null;
}

/** A name ending the value (or its query): `.env`, `boot.ini%00`. */
function wholeToken(s: string, end: number): boolean {
  const c = s.charCodeAt(end);
  return end >= s.length || c === 63 || c === 35 || c === 38 || c === 59 || c === 34 || c === 39;
}

/** Markdown links one level up that a value may hold and still read as documentation. */
const MAX_DOC_LINKS = 32;

/** The full scan of one form, without the gate (exported for the gate's property test). */
export function scanForm(s: string, kind: LocationKind): DetectorHit | null {
  let links = 0;
  for (let traversal = findTraversal(s); traversal; traversal = findTraversal(s, traversal.end)) {
    const { at, end, depth } = traversal;
    const target = targetOf(s, end);
    if (target) return hit("high", `path.traversal-${target}`, s.slice(at, Math.min(s.length, end + 40)));
    // `see [example.cfg](../config/example.cfg)`: a Markdown link one level up to an ordinary
    // file is documentation (notes, prompts); deeper climbs and sensitive targets still count, and
    // so does a value that is little else than such links (the scan stays short).
    const link = depth === 1 && at >= 2 && s.charCodeAt(at - 1) === 40 && s.charCodeAt(at - 2) === 93;
    if (link && ++links <= MAX_DOC_LINKS) continue;
    return hit(depth >= 2 ? "high" : "medium", "path.traversal", s.slice(at, Math.min(s.length, end + 40)));
  }
  if (s.indexOf("/") < 0 && s.indexOf(".") < 0 && s.indexOf("\\") < 0) return null;
  const found = sensitivePath(s, kind);
  if (found) return found;
  // Writing into /tmp through a redirection (`>/tmp/x`): a staging step of an injection.
  const tmp = s.indexOf("/tmp/");
  if (tmp > 0 && s.charCodeAt(tmp - 1) === 62 && tmp + 5 < s.length) return hit("medium", "path.tmp-write", s.slice(tmp - 1, tmp + 40));
  return null;
}

/** A slash or backslash, a climb (`..`) or a `0x` spelling. */
const REACHING = /[/\\]|\.\.|0[xX]/;

function reachingLoop(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 || c === 92 || (c === 46 && s.charCodeAt(i + 1) === 46) || (c === 48 && (s.charCodeAt(i + 1) | 32) === 120)) return true;
  }
  return false;
}

/**
 * The pre-gate: one allocation-free pass. A form can only be a finding with a climb (`..`), a
 * `0x2e`-style spelling, a slash or backslash, or a first segment that may be a sensitive name
 * (dotted, or an undotted name such as `passwd`, `id_rsa`, `environ`: first-character dispatch). Anything else is cleared.
 */
export function mayReach(s: string, chars?: number): boolean {
  const n = s.length;
  // Longer values are searched natively (the same three shapes as the loop below); none of the
  // three is there when the value's character classes (all forms) have no slash, `..` or `0x`.
  const reaching = chars === undefined || (chars & (SLASH | DOT_DOT | ZERO_X)) !== 0;
  if (reaching && (n > 32 ? REACHING.test(s) : reachingLoop(s))) return true;
  if (n < 6 && s.indexOf(".") < 0) return false;
  // Without a slash only the first segment is classified: it must hold a dot or be a long-enough name.
  let j = 0;
  const limit = Math.min(n, 96);
  let segDot = false;
  while (j < limit) {
    const c = s.charCodeAt(j);
    if (!isSegmentChar(c)) break;
    if (c === 46) segDot = true;
    j++;
  }
  if (segDot) return true;
  // Undotted sensitive names: passwd shadow sudoers gshadow id_* authorized_keys known_hosts environ error_log access_log.
  const first = s.charCodeAt(0) | 32;
  return j >= 6 && j <= 15 && (first === 112 || first === 115 || first === 103 || first === 105 || first === 97 || first === 107 || first === 101);
}

function isUploadName(location: string): boolean {
  return location.endsWith(".filename") || location === "header.x-filename";
}

export const pathTraversalDetector: Detector = {
  family: "path_traversal",
  detect(value: InspectedValue): DetectorHit | null {
    const forms = value.forms;
    for (let f = 0; f < forms.length; f++) {
      const form = forms[f]!;
      if (form.length === 0 || (form.length <= 4096 && !mayReach(form, value.chars))) continue;
      const s = form;
      const found = scanForm(s, value.kind);
      if (found) {
        // A climb that only appears once decoded was hidden on purpose: `..%2f`, `%c0%ae%c0%ae/`.
        const hidden = f > 0 && forms[0] === value.raw && found.rule === "path.traversal";
        return hidden ? { ...found, level: "high", rule: "path.encoded-traversal" } : found;
      }
      // An upload name is a basename; one that starts with `..` lost its `/` or `\` to a parser.
      if (isUploadName(value.location) && s.trimStart().startsWith("..")) return hit("medium", "path.traversal", s.trim().slice(0, 60));
      const hex = s.indexOf("0x") >= 0 || s.indexOf("0X") >= 0 ? hexSpelled(s) : null;
      const decoded = hex ? scanForm(hex, value.kind) : null;
      if (decoded) return decoded.rule === "path.traversal" ? { ...decoded, level: "high", rule: "path.encoded-traversal" } : decoded;
    }
    return null;
  },
};
