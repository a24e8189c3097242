/**
 * Markup recognizers: tags that execute or load content, event-handler attributes, script URLs in
 * URL-valued attributes, dangerous CSS, XML external entities and includes, server-side includes.
 * Harmless formatting markup (`<strong>`, `<code>`, `<a href="%(url)s" target="_blank">`, `<p>`,
 * `<ul><li>`, `<br>`, placeholders such as `<index>`) passes: the tag name and its attributes
 * decide, not the presence of `<`.
 */
import type { ThreatLevel } from "../sanitizer/types";
import { decodeHtmlEntities } from "../sanitizer/normalize";
import { scanTags, type HtmlAttr, type HtmlTag } from "./html-lexer";
import { attributeScheme, dangerousDataType, isScriptScheme } from "./xss-url";
import { dangerousCss } from "./xss-css";

export interface XssHit {
  level: ThreatLevel;
  rule: string;
  start: number;
  end: number;
}

/** Tags that run script or pull in other documents, code or styles. */
const EXECUTING_TAGS = new Map<string, ThreatLevel>([
  ["script", "critical"], ["iframe", "high"], ["frame", "high"], ["frameset", "high"], ["object", "high"],
  ["embed", "high"], ["applet", "high"], ["base", "high"], ["meta", "high"], ["link", "high"], ["style", "high"],
  ["import", "high"], ["vmlframe", "high"], ["portal", "high"], ["isindex", "medium"], ["bgsound", "medium"],
  ["layer", "medium"], ["ilayer", "medium"], ["xml", "medium"], ["noscript", "medium"], ["template", "medium"],
  ["xss", "medium"], ["handler", "medium"], ["listener", "medium"],
]);

/** Attributes whose value the browser fetches or navigates to. */
const URL_ATTRS = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "background", "dynsrc", "lowsrc", "poster", "codebase", "code", "archive", "cite", "longdesc", "usemap", "profile", "icon", "manifest", "srcset", "ping", "to", "from", "values", "by"]);
/** Tags that execute what their src/data points at, whatever its type. */
const LOADING_TAGS = new Set(["script", "iframe", "frame", "object", "embed", "applet", "portal"]);

const decode = (v: string) => (v.includes("&") ? decodeHtmlEntities(v) : v);

function attrHit(tag: HtmlTag, a: HtmlAttr): XssHit | null {
  const name = a.name;
  if (name.length > 2 && name.startsWith("on") && /^on[a-z]+$/.test(name)) {
    return { level: "high", rule: "xss.event-handler", start: tag.start, end: a.end };
  }
  if (!a.hasValue) return null;
  const value = decode(a.value);
  if (URL_ATTRS.has(name) || name.endsWith(":href") || (tag.name === "meta" && name === "content")) {
    // `content="0;url=javascript:…"` in a meta refresh carries a URL after `url=`.
    const url = tag.name === "meta" ? value.slice(Math.max(0, value.toLowerCase().indexOf("url=") + 4)) : value;
    const m = attributeScheme(url);
    if (m && isScriptScheme(m.scheme)) return { level: "high", rule: "xss.script-url", start: tag.start, end: a.end };
    if (m && m.scheme === "data" && (LOADING_TAGS.has(tag.name) || dangerousDataType(url, m.colon))) {
      return { level: "high", rule: "xss.data-url", start: tag.start, end: a.end };
    }
  }
  if (name === "srcdoc") return { level: "high", rule: "xss.srcdoc", start: tag.start, end: a.end };
  if (name === "style" && dangerousCss(value)) return { level: "high", rule: "xss.css-script", start: tag.start, end: a.end };
  if (name === "xsi:schemalocation" || (name === "href" && tag.name === "include" && tag.prefix)) {
    return { level: "medium", rule: "xss.xml-external", start: tag.start, end: a.end };
  }
  return null;
}

function tagHit(tag: HtmlTag, src: string): XssHit | null {
  const whole = { start: tag.start, end: tag.end };
  switch (tag.kind) {
    case "comment": {
      // Server-side includes: <!--#exec cmd=…-->, <!--#include virtual=…-->
      const body = src.slice(tag.start + 4, tag.start + 16).toLowerCase();
      return /^#(exec|include|echo|set|config|fsize|flastmod|printenv)\b/.test(body) ? { level: "high", rule: "xss.ssi", ...whole } : null;
    }
    case "declaration":
      return tag.name === "entity" || (tag.name === "doctype" && src.slice(tag.start, tag.end).includes("[")) ? { level: "high", rule: "xss.xml-entity", ...whole } : null;
    case "pi":
      return tag.name === "import" || tag.name === "xml-stylesheet" ? { level: "high", rule: "xss.xml-import", ...whole } : null;
    case "close":
      return null;
  }
  let best: XssHit | null = null;
  for (const a of tag.attrs) {
    const hit = attrHit(tag, a);
    if (hit && (!best || rank(hit.level) > rank(best.level))) best = hit;
  }
  const executing = EXECUTING_TAGS.get(tag.name);
  if (executing && (!best || rank(executing) > rank(best.level))) {
    // `<link>`/`<meta>`/`<base>`/`<style>` need more than the bare name to act; `<script>` does not.
    const inert = tag.attrs.length === 0 && (tag.name === "meta" || tag.name === "link" || tag.name === "base");
    if (!inert) best = { level: executing, rule: "xss.executing-tag", ...whole };
  }
  if (!best && tag.attrs.some((a) => a.name === "xmlns" || a.name.startsWith("xmlns:")) && tag.attrs.some((a) => a.name.includes(":") && !a.name.startsWith("xmlns"))) {
    best = { level: "medium", rule: "xss.xml-external", ...whole };
  }
  return best;
}

export function rank(level: ThreatLevel): number {
  return level === "critical" ? 3 : level === "high" ? 2 : level === "medium" ? 1 : 0;
}

/** The strongest markup finding in `src`. */
export function markupRules(src: string): XssHit | null {
  let best: XssHit | null = null;
  scanTags(src, (tag) => {
    const hit = tagHit(tag, src);
    if (hit && (!best || rank(hit.level) > rank(best.level))) best = hit;
    return !!best && rank(best.level) >= 2; // high or critical: enough to block, stop reading
  });
  return best;
}
