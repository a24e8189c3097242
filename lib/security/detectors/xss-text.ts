/**
 * Recognizers for payloads that inject into an existing tag or script rather than bring their
 * own markup: attribute injection (`" onmouseover=alert(1) "`, `'formaction=`), script and data
 * URLs in free text, script-carrying CSS, external XML entities, comment breakouts (`-->`), ES
 * module imports, and tag names spelled with spaces (`<f o r m`) to dodge filters.
 */
import type { XssHit } from "./xss-html";
import { dangerousDataType, findScriptScheme } from "./xss-url";

/** DOM event names (without `on`). Unknown `on…` names also count when the value is code. */
const EVENTS = new Set(
  "abort activate afterprint afterscriptexecute animationcancel animationend animationiteration animationstart auxclick beforeactivate beforecopy beforecut beforedeactivate beforeinput beforepaste beforeprint beforescriptexecute beforetoggle beforeunload begin blur bounce canplay canplaythrough change click close contextmenu copy cuechange cut dblclick deactivate drag dragend dragenter dragexit dragleave dragover dragstart drop durationchange emptied end ended error focus focusin focusout formdata fullscreenchange hashchange input invalid keydown keypress keyup load loadeddata loadedmetadata loadend loadstart message mousedown mouseenter mouseleave mousemove mouseout mouseover mouseup mousewheel offline online pagehide pageshow paste pause play playing pointercancel pointerdown pointerenter pointerleave pointermove pointerout pointerover pointerrawupdate pointerup popstate progress propertychange ratechange readystatechange repeat reset resize scroll scrollend search seeked seeking select selectionchange selectstart show stalled start storage submit suspend timeupdate toggle touchcancel touchend touchmove touchstart transitioncancel transitionend transitionrun transitionstart unhandledrejection unload volumechange waiting webkitanimationend webkitanimationiteration webkitanimationstart webkittransitionend wheel zoom".split(" "),
);
const INJECTED_ATTRS = new Set(["formaction", "srcdoc", "xlink:href", "dynsrc", "lowsrc"]);
const SPACED_TAGS = new Set(["script", "form", "iframe", "object", "embed", "svg", "img", "dialog", "style", "frame", "applet", "meta", "link", "base", "body", "math", "video", "audio", "input", "details"]);
const SPACED_PREFIXES = new Set([...SPACED_TAGS].flatMap((t) => Array.from({ length: t.length }, (_, k) => t.slice(0, k + 1))));

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isWordChar = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 95;

/** Does an attribute value read like script (a call, template, assignment, member access)? */
function scriptLike(value: string): boolean {
  const v = value.replace(/^[\s"'`]+/, "").slice(0, 120);
  if (!v) return false;
  return /[(`=;[]/.test(v) || /^[A-Za-z_$][\w$]*\s*\.\s*[A-Za-z_$]/.test(v) || v.startsWith("!") || v.startsWith("+");
}

/** `on…=` and `formaction=` outside a tag: the value closes an attribute and opens another. */
function injectedAttribute(src: string): XssHit | null {
  let firstText = 0;
  while (firstText < src.length && src.charCodeAt(firstText) <= 32) firstText++;
  for (let eq = src.indexOf("="); eq >= 0; eq = src.indexOf("=", eq + 1)) {
    let e = eq - 1;
    while (e >= 0 && src.charCodeAt(e) <= 32 && eq - e < 8) e--;
    let s = e;
    while (s >= 0 && e - s < 48 && (isLetter(src.charCodeAt(s)) || src.charCodeAt(s) === 58)) s--;
    if (e - s < 5) continue; // the attribute names looked for have 5 letters or more
    const name = src.slice(s + 1, e + 1).toLowerCase();
    const before = s >= 0 ? src.charCodeAt(s) : 32;
    if (isWordChar(before)) continue; // `…51onabcd=` inside a token is not an attribute
    const value = src.slice(eq + 1, eq + 121);
    const afterQuote = before === 34 || before === 39 || before === 47;
    const opensValue = afterQuote || s < firstText;
    const empty = value.trim() === "";
    if (name.startsWith("on") && !name.includes(":")) {
      if (scriptLike(value)) return { level: "high", rule: "xss.event-handler", start: s + 1, end: Math.min(src.length, eq + 24) };
      // `"onzoom=`, `  onload= `: an attribute opened with nothing in it yet, a probe.
      if (empty && opensValue && (EVENTS.has(name.slice(2)) || name.length >= 6)) return { level: "medium", rule: "xss.event-handler", start: s + 1, end: eq + 1 };
    } else if (INJECTED_ATTRS.has(name) && afterQuote) {
      return { level: "medium", rule: "xss.attribute-injection", start: s + 1, end: eq + 1 };
    }
  }
  return null;
}

/** `javascript:` in free text: counts when obfuscated, when it starts the value or follows `=`/a quote/`(`, or when code follows. */
function textScheme(src: string): XssHit | null {
  for (let from = 0; from < src.length; ) {
    const m = findScriptScheme(src, from);
    if (!m) return null;
    from = m.colon + 1;
    let p = m.start - 1;
    while (p >= 0 && m.start - p < 64 && src.charCodeAt(p) <= 32) p--;
    const prev = p >= 0 ? src.charCodeAt(p) : -1;
    let q = p;
    while (q >= 0 && m.start - q < 16 && (src.charCodeAt(q) <= 32 || src.charCodeAt(q) === 34 || src.charCodeAt(q) === 39 || src.charCodeAt(q) === 96 || src.charCodeAt(q) === 40)) q--;
    const atStart = q < 0;
    const linked = prev === 61 || prev === 34 || prev === 39 || prev === 40 || prev === 96 || prev === 58;
    const after = src.slice(m.colon + 1, m.colon + 64).trimStart();
    const code = after !== "" && (!isLetter(after.charCodeAt(0)) || /^[A-Za-z_$][\w$]*\s*[(.=[`]/.test(after));
    if (m.obfuscated || atStart || linked || code) {
      return { level: "high", rule: "xss.script-url", start: m.start, end: Math.min(src.length, m.colon + 24) };
    }
  }
  return null;
}

/** `data:text/html,…` and friends in free text; `data:,<x>` renders markup too. */
function textDataUrl(src: string, lower: string): XssHit | null {
  const lastLt = src.lastIndexOf("<");
  for (let at = lower.indexOf("data:"); at >= 0; at = lower.indexOf("data:", at + 5)) {
    if (at > 0 && isWordChar(src.charCodeAt(at - 1))) continue;
    const rest = src.slice(at + 5, at + 64).trimStart();
    if (dangerousDataType(src, at + 4) || (rest.startsWith(",") && lastLt > at)) {
      return { level: "high", rule: "xss.data-url", start: at, end: Math.min(src.length, at + 32) };
    }
  }
  return null;
}

/** Script in CSS outside a style attribute: `url(javascript`, `:expression(`, `-moz-binding:`. */
function textCss(lower: string): XssHit | null {
  for (let at = lower.indexOf("url"); at >= 0; at = lower.indexOf("url", at + 3)) {
    const near = lower.slice(at + 3, at + 40);
    const tail = near.replace(/[\s"'(]/g, "");
    if (near.trimStart().startsWith("(") && (tail.startsWith("javascript") || tail.startsWith("vbscript"))) {
      return { level: "high", rule: "xss.css-script", start: at, end: at + 16 };
    }
  }
  const binding = lower.indexOf("-moz-binding");
  if (binding >= 0) return { level: "high", rule: "xss.css-script", start: binding, end: binding + 12 };
  for (let at = lower.indexOf("expression"); at >= 0; at = lower.indexOf("expression", at + 10)) {
    const before = lower.slice(Math.max(0, at - 4), at).trim();
    if (before.endsWith(":") && lower.slice(at + 10, at + 24).trimStart().startsWith("(")) return { level: "high", rule: "xss.css-script", start: at, end: at + 11 };
  }
  return null;
}

/** `<!ENTITY % x SYSTEM "http://…">` and `!ENTITY x SYSTEM` without the bracket. */
function xmlEntity(src: string): XssHit | null {
  const at = src.indexOf("!ENTITY");
  if (at < 0) return null;
  const rest = src.slice(at, at + 200);
  return /^!ENTITY\s+(%\s*)?[\w.-]+\s+(SYSTEM|PUBLIC)\b/.test(rest) ? { level: "high", rule: "xss.xml-entity", start: at, end: at + 7 } : null;
}

/** A `<` a spaced tag name may follow. */
const SPACED_OPEN = /<[ \t:a-zA-Z]/g;

/** `< x: script`, `<f o r m`: a dangerous tag name spelled out with spaces to dodge filters. */
function spacedTag(src: string): XssHit | null {
  const re = SPACED_OPEN;
  for (re.lastIndex = 0; re.test(src); ) {
    const lt = re.lastIndex - 2;
    re.lastIndex = lt + 1;
    let name = "";
    let singles = 0;
    let namespaced = false;
    let i = lt + 1;
    while (i < src.length && i - lt < 40) {
      const c = src.charCodeAt(i);
      if (c === 58) {
        namespaced = true; // `< x: script`: the prefix is dropped
        name = "";
        i++;
      } else if (c === 32 || c === 9) {
        i++;
      } else if (isLetter(c)) {
        let j = i;
        while (j < src.length && isLetter(src.charCodeAt(j))) j++;
        if (j - i === 1) singles++;
        if (j - i > 8) break;
        name += src.slice(i, j).toLowerCase();
        i = j;
        if (!SPACED_PREFIXES.has(name)) {
          let k = i;
          while (k < src.length && k - i < 4 && (src.charCodeAt(k) === 32 || src.charCodeAt(k) === 9)) k++;
          if (src.charCodeAt(k) !== 58) break; // not a namespace prefix either
        }
        if (SPACED_TAGS.has(name) && (singles >= 2 || namespaced) && i - lt > name.length + 1) {
          re.lastIndex = 0;
          return { level: "medium", rule: "xss.obfuscated-tag", start: lt, end: i };
        }
      } else break;
    }
  }
  return null;
}

/** The first free-text finding in `src`. */
export function textRules(src: string): XssHit | null {
  const first = src.charCodeAt(0);
  if (src.includes("-->")) {
    // `-->` alone (or after a quote) closes an HTML comment the value is reflected into.
    const t = src.trim();
    if (t === "-->" || t === "--!>" || /^["'`]\s*-->/.test(t)) return { level: "medium", rule: "xss.comment-breakout", start: 0, end: src.length };
  }
  if (src.includes("import") && (/^\s*import\s*\{[^}]{0,200}\}\s*from\s*["']/.test(src) || /\bimport\s*\(\s*["'`]/.test(src))) {
    return { level: "medium", rule: "xss.script-import", start: 0, end: Math.min(src.length, 40) };
  }
  // `'; x.y=` / `'  infoo.bar=`: a quote closes a script string, then a property is assigned.
  if ((first === 34 || first === 39 || first === 96) && /^["'`][\s;+,)-]{0,8}[A-Za-z_$][\w$]{0,40}\s*\.\s*[A-Za-z_$][\w$]{0,40}\s*=[^=]/.test(src.slice(0, 100) + " ")) {
    return { level: "medium", rule: "xss.script-breakout", start: 0, end: Math.min(src.length, 40) };
  }
  const lower = src.includes(":") ? src.toLowerCase() : "";
  return (
    (src.includes("=") ? injectedAttribute(src) : null) ??
    (lower ? textScheme(src) ?? textDataUrl(src, lower) ?? textCss(lower) : null) ??
    (src.includes("!ENTITY") ? xmlEntity(src) : null) ??
    (src.includes("<") ? spacedTag(src) : null)
  );
}
