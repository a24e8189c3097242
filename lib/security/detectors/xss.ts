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
 * and looks a bounded distance around it: prose without those costs one pass.
 */
import type { Detector, DetectorHit, InspectedValue } from "../sanitizer/types";
import { markupRules, rank, type XssHit } from "./xss-html";
import { scriptRules } from "./xss-js";
import { textRules } from "./xss-text";
import { decodeHtmlEntities } from "../sanitizer/normalize";
import { decodeJsEscapes, decodeUtf7, hasSevenBitTag, sevenBit } from "./xss-decode";

function better(a: XssHit | null, b: XssHit | null): XssHit | null {
  if (!a) return b;
  if (!b) return a;
  return rank(b.level) > rank(a.level) ? b : a;
}

/** Every recognizer starts from one of these characters (or a `-->`, `+AD`, `!ENTITY`, `¼` built of them). */
const ANY_TRIGGER = /[<(`.[{=:!\\+&\-\u00bc\u043c]/;

/** What the free-text recognizers start from: `=`, `:`, `<`, `!ENTITY`, `-->`, `import`, a leading quote. */
const TEXT_TRIGGER = /[=:<!]|-->|import|^["'`]/;

function detectText(src: string): XssHit | null {
  if (!ANY_TRIGGER.test(src)) return null;
  let best = src.includes("<") ? markupRules(src) : null;
  if (best && rank(best.level) >= 2) return best;
  best = better(best, scriptRules(src));
  if (best && rank(best.level) >= 2) return best;
  return TEXT_TRIGGER.test(src) ? better(best, textRules(src)) : best;
}

/** Characters without which no extra reading changes anything: `\`, `+`, `¼`, `м`, `&`. */
const NEEDS_DECODING = /[\\+\u00bc\u043c&]/;

/** The form itself and the readings that undo transport or legacy encodings. */
function readings(form: string): string[] {
  const out = [form];
  if (!NEEDS_DECODING.test(form)) return out;
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
    try {
      for (const form of value.forms) {
        // The still-percent-encoded raw form is not what a page or script receives; the decoded forms are.
        if (form === value.raw && value.forms.length > 1 && form.includes("%")) continue;
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
