/**
 * Cross-site scripting detector. Each decoded form of a value (plus readings that undo encodings
 * browsers or legacy stacks apply: JavaScript `\x3c`/`\u003c` escapes, UTF-7 `+ADw-`, and 8-bit
 * characters that a 7-bit stack truncates, `¼script¾` → `<script>`) goes through:
 *
 * - markup (xss-html, over the html-lexer tag scanner): executing/loading tags, `on…=` handlers,
 *   script/data URLs in URL attributes, script CSS, XML entities and includes, SSI;
 * - script (xss-js): sink calls in code shape, global-object access, tagged templates, JSFuck,
 *   template injection;
 * - free text (xss-text): attribute injection, script URLs, data URLs, CSS, `-->`, imports.
 *
 * Each recognizer starts from a trigger character (`<`, `=`, `:`, `(`, `.`, `[`, `{`, `` ` ``)
 * and looks a bounded distance around it. A native pre-gate (MAYBE: one regex of the triggers in
 * the context each recognizer needs) rejects the values in which none can fire, nearly all benign
 * ones, without a JavaScript step per character; the others run only the recognizers they can.
 */
import { NON_ASCII, XSS_DOT, XSS_PUNCT } from "../sanitizer/char-classes";
import type { Detector, DetectorHit, InspectedValue } from "../sanitizer/types";
import { markupRules, rank, type XssHit } from "./xss-html";
import { anyOf, ci, SCRIPT_TRIGGERS, scriptRules } from "./xss-js";
import { textRules } from "./xss-text";
import { decodeHtmlEntities } from "../sanitizer/normalize";
import { decodeJsEscapes, decodeUtf7, hasSevenBitTag, sevenBit } from "./xss-decode";

function better(a: XssHit | null, b: XssHit | null): XssHit | null {
  if (!a) return b;
  if (!b) return a;
  return rank(b.level) > rank(a.level) ? b : a;
}

/** What the gate found a form to need: markup, script, free-text recognizers, extra readings. */
const MARKUP = 1;
const SCRIPT = 2;
const TEXT = 4;
const DECODE = 8;

/** Free-text recognizers' necessary conditions (see textRules); `<` and a leading quote apart. */
const TEXT_RE = new RegExp(
  [
    `=(?<=(?:${ci("on")}[a-zA-Z]{3,}|${anyOf(["formaction", "srcdoc", "xlink:href", "dynsrc", "lowsrc"])})[\\x00-\\x20]{0,7}=)`,
    ":(?<=[a-zA-Z\\t\\n\\r\\x00]{7}:)",
    `:(?<=${ci("data")}:)`,
    `\\((?<=(?:${anyOf(["url", "expression", "import"])})\\s*\\()`,
    `\\{(?<=${ci("import")}\\s*\\{)`,
    `-${ci("moz-binding")}`,
    "!E",
    "--",
  ].join("|"),
);
/** Characters of the encodings the extra readings undo: `\`, UTF-7 `+A…`, `&amp;`, `¼`, `м`. */
const DECODE_RE = /\\|\+A|&a|[\u00bc\u043c]/;
const SCRIPT_RE = new RegExp(SCRIPT_TRIGGERS);

/**
 * A native pre-gate (a regex scans far faster than a JavaScript character loop) made of one
 * necessary condition per recognizer: `<` for markup; a sink, global or `call`/`apply`/`bind` name
 * (or a comment or `)`) before `(` `` ` `` `.` `[`; `{{` `${` `#{`; an `on…`/injectable attribute
 * name before `=`; a 7-letter word or `data` before `:`; CSS script words; `-->`, `!ENTITY`, a
 * leading quote, `import`; and the characters of the encodings the extra readings undo. Values
 * it fails (nearly all benign ones) cannot fire.
 */
const MAYBE = new RegExp(["<", SCRIPT_TRIGGERS, TEXT_RE.source, DECODE_RE.source].join("|"));

const leadingQuote = (src: string) => {
  const c = src.charCodeAt(0);
  return c === 34 || c === 39 || c === 96;
};

/** Could any recognizer fire on `src`? False for nearly all benign values. */
export function maybeXss(src: string): boolean {
  return leadingQuote(src) || MAYBE.test(src);
}

/**
 * maybeXss for every form at once, by the classes extraction found: MAYBE's alternatives each
 * start with `<`, a character of XSS_PUNCT, a `.` after a letter, `)` or blank (XSS_DOT), or a
 * non-ASCII character (DECODE_RE's lookalikes); else only a leading quote opens it.
 */
function mayHoldXss(value: InspectedValue): boolean {
  if ((value.chars! & (XSS_PUNCT | XSS_DOT | NON_ASCII)) !== 0) return true;
  const forms = value.forms;
  for (let f = 0; f < forms.length; f++) if (leadingQuote(forms[f]!)) return true;
  return false;
}

/** Which recognizers can fire on a value that passed `maybeXss` (each test stops at its first match). */
function gate(src: string): number {
  const lt = src.includes("<");
  let m = lt ? MARKUP | TEXT : 0;
  if (SCRIPT_RE.test(src)) m |= SCRIPT;
  if (!lt && (leadingQuote(src) || TEXT_RE.test(src))) m |= TEXT;
  if (DECODE_RE.test(src)) m |= DECODE;
  return m;
}

function detectGated(src: string, m: number): XssHit | null {
  let best = m & MARKUP ? markupRules(src) : null;
  if (best && rank(best.level) >= 2) return best;
  if (m & SCRIPT) {
    best = better(best, scriptRules(src));
    if (best && rank(best.level) >= 2) return best;
  }
  return m & TEXT ? better(best, textRules(src)) : best;
}

function detectText(src: string): XssHit | null {
  if (!maybeXss(src)) return null;
  const m = gate(src);
  return m & (MARKUP | SCRIPT | TEXT) ? detectGated(src, m) : null;
}

/** The form itself and the readings that undo transport or legacy encodings. */
function readings(form: string): string[] {
  const out = [form];
  if (form.includes("\\")) {
    const js = decodeJsEscapes(form);
    if (js !== form) out.push(js);
  }
  for (const text of [...out]) {
    if (text.includes("+AD") || text.includes("+AC")) {
      const utf7 = decodeUtf7(text);
      if (utf7 !== text) out.push(utf7);
    }
    if (hasSevenBitTag(text)) out.push(sevenBit(text));
    // `&amp;tab;` in an XML attribute is `&tab;` to the page that renders it.
    if (text.includes("&amp;")) out.push(decodeHtmlEntities(decodeHtmlEntities(text)));
  }
  return out;
}

export const xssDetector: Detector = {
  family: "xss",
  detect(value: InspectedValue): DetectorHit | null {
    let best: XssHit | null = null;
    let bestSrc = "";
    if (value.chars !== undefined && !mayHoldXss(value)) return null;
    try {
      const forms = value.forms;
      for (let f = 0; f < forms.length; f++) {
        const form = forms[f]!;
        // The still-percent-encoded raw form is not what a page or script receives; the decoded forms are.
        if (form === value.raw && forms.length > 1 && form.includes("%")) continue;
        if (!maybeXss(form)) continue;
        const m = gate(form);
        if (!(m & DECODE)) {
          // No encoding to undo: the form is its only reading.
          if (!(m & (MARKUP | SCRIPT | TEXT))) continue;
          const hit = detectGated(form, m);
          if (hit && better(best, hit) === hit && hit !== best) {
            best = hit;
            bestSrc = form;
          }
          if (best && rank(best.level) >= 2) break;
          continue;
        }
        for (const text of readings(form)) {
          const hit = detectText(text);
          if (hit && better(best, hit) === hit && hit !== best) {
            best = hit;
            bestSrc = text;
          }
          if (best && rank(best.level) >= 2) break;
        }
        if (best && rank(best.level) >= 2) break;
      }
    } catch {
      return null;
    }
    return best ? { level: best.level, rule: best.rule, match: bestSrc.slice(best.start, best.end) } : null;
  },
};
