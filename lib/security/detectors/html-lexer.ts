/**
 * A forgiving HTML tag scanner, close to the browser tokenizer where it matters for injection:
 * tag names end at whitespace, `/` or `>` (`<svg/onload=…>`), attributes are separated by
 * whitespace or `/`, values may be quoted, unquoted or missing, and comments, `<!DOCTYPE`/
 * `<!ENTITY` declarations and `<?…?>` processing instructions are recognized.
 *
 * Linear: the scan never moves backwards. A quoted value without its closing quote ends at the
 * next `>` (or the end), so one stray quote cannot make every later `<` rescan the rest.
 */

export interface HtmlAttr {
  /** Lower-case name. */
  name: string;
  /** Raw value (entities not decoded), "" when absent. */
  value: string;
  hasValue: boolean;
  start: number;
  end: number;
}

export interface HtmlTag {
  kind: "open" | "close" | "comment" | "declaration" | "pi";
  /** Lower-case name without namespace prefix (`x:script` → `script`); declarations: `doctype`, `entity`. */
  name: string;
  /** The namespace prefix when there was one (`x` of `x:script`), else "". */
  prefix: string;
  attrs: HtmlAttr[];
  start: number;
  end: number;
}

/** Attributes read per tag; real markup has a handful, padding beyond this is scanned as text. */
const MAX_ATTRS = 64;

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** A `<` that can open a tag: followed by a letter, `/`, `!`, `?` or `:` (`<<<<`, `< 5` cannot). */
const TAG_OPEN = /<[a-zA-Z/!?:]/g;

/** Calls `visit` for each tag-like construct; stops early when `visit` returns true. */
export function scanTags(src: string, visit: (tag: HtmlTag) => boolean | void): void {
  const re = TAG_OPEN;
  re.lastIndex = 0;
  // Each `<` that can open a tag is found natively; the scan never moves backwards.
  while (re.test(src)) {
    const i = re.lastIndex - 2;
    const tag = readTag(src, i);
    if (tag) {
      if (visit(tag)) {
        re.lastIndex = 0;
        return;
      }
      re.lastIndex = Math.max(tag.end, i + 1);
    } else {
      re.lastIndex = i + 1;
    }
  }
}

/** The end of a comment whose body may close at the first `--` from `dashes` on: after `-->` or `--!>`. */
function commentEnd(src: string, dashes: number): number {
  for (let d = dashes; d >= 0; d = src.indexOf("--", d + 1)) {
    let k = d + 2;
    while (src.charCodeAt(k) === 45) k++; // `--->` closes too
    if (src.charCodeAt(k) === 62) return k + 1;
    if (src.charCodeAt(k) === 33 && src.charCodeAt(k + 1) === 62) return k + 2;
    d = k - 2;
  }
  return src.length;
}

function readTag(src: string, at: number): HtmlTag | null {
  const n = src.length;
  const c = src.charCodeAt(at + 1);
  if (c === 33) {
    // <!-- comment -->, <!DOCTYPE …>, <!ENTITY …>
    if (src.startsWith("<!--", at)) {
      // As a browser ends it (HTML's comment states): `<!-->` and `<!--->` are whole empty
      // comments, and `--!>` closes one as `-->` does; what follows them is markup again.
      if (src.charCodeAt(at + 4) === 62) return { kind: "comment", name: "", prefix: "", attrs: [], start: at, end: at + 5 };
      if (src.startsWith("->", at + 4)) return { kind: "comment", name: "", prefix: "", attrs: [], start: at, end: at + 6 };
      const close = src.indexOf("--", at + 4);
      const end = commentEnd(src, close);
      return { kind: "comment", name: "", prefix: "", attrs: [], start: at, end };
    }
    let j = at + 2;
    while (j < n && isAlpha(src.charCodeAt(j))) j++;
    const gt = src.indexOf(">", j);
    return { kind: "declaration", name: src.slice(at + 2, j).toLowerCase(), prefix: "", attrs: [], start: at, end: gt < 0 ? n : gt + 1 };
  }
  if (c === 63) {
    // <?import …?>, <?xml-stylesheet …?>
    let j = at + 2;
    while (j < n && !isSpace(src.charCodeAt(j)) && src.charCodeAt(j) !== 62 && src.charCodeAt(j) !== 63) j++;
    const gt = src.indexOf(">", j);
    return { kind: "pi", name: src.slice(at + 2, j).toLowerCase(), prefix: "", attrs: [], start: at, end: gt < 0 ? n : gt + 1 };
  }
  let j = at + 1;
  const closing = c === 47;
  if (closing) j++;
  const nameStart = j;
  // A tag name starts with a letter; `<:vmlframe` (empty namespace prefix) is accepted too.
  if (!(isAlpha(src.charCodeAt(j)) || (src.charCodeAt(j) === 58 && isAlpha(src.charCodeAt(j + 1))))) return null;
  while (j < n) {
    const d = src.charCodeAt(j);
    if (isSpace(d) || d === 47 || d === 62 || d === 60) break;
    j++;
  }
  let name = src.slice(nameStart, j).toLowerCase();
  let prefix = "";
  const colon = name.lastIndexOf(":");
  if (colon >= 0) {
    prefix = name.slice(0, colon);
    name = name.slice(colon + 1);
  }
  // Classify by the leading letters: `<noscript#` and `<script\x00>` are still those tags to a filter's victim.
  let alnum = 0;
  for (let ch = name.charCodeAt(0); alnum < name.length && ((ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57) || ch === 45); ch = name.charCodeAt(++alnum));
  name = name.slice(0, alnum);
  const attrs: HtmlAttr[] = [];
  // Attributes. A tag with more than MAX_ATTRS is cut there: the rest is scanned as text.
  while (j < n && attrs.length < MAX_ATTRS) {
    let d = src.charCodeAt(j);
    while (j < n && (isSpace(d) || d === 47)) d = src.charCodeAt(++j);
    if (j >= n || d === 62) break;
    if (d === 60) return { kind: closing ? "close" : "open", name, prefix, attrs, start: at, end: j };
    const aStart = j;
    j++; // an attribute name may start with `=` or a quote in the browser's tokenizer
    while (j < n) {
      d = src.charCodeAt(j);
      if (isSpace(d) || d === 47 || d === 62 || d === 61 || d === 60) break;
      j++;
    }
    const aName = src.slice(aStart, j).toLowerCase();
    let k = j;
    while (k < n && isSpace(src.charCodeAt(k))) k++;
    if (src.charCodeAt(k) !== 61) {
      attrs.push({ name: aName, value: "", hasValue: false, start: aStart, end: j });
      continue;
    }
    k++;
    while (k < n && isSpace(src.charCodeAt(k))) k++;
    const q = src.charCodeAt(k);
    let vStart: number;
    let vEnd: number;
    if (q === 34 || q === 39) {
      vStart = k + 1;
      const closeQ = src.indexOf(String.fromCharCode(q), vStart);
      if (closeQ >= 0) {
        vEnd = closeQ;
        j = closeQ + 1;
      } else {
        const gt = src.indexOf(">", vStart);
        vEnd = gt < 0 ? n : gt;
        j = vEnd;
      }
    } else {
      vStart = k;
      while (k < n && !isSpace(src.charCodeAt(k)) && src.charCodeAt(k) !== 62) k++;
      vEnd = k;
      j = k;
    }
    attrs.push({ name: aName, value: src.slice(vStart, vEnd), hasValue: true, start: aStart, end: j });
  }
  return { kind: closing ? "close" : "open", name, prefix, attrs, start: at, end: Math.min(n, j + 1) };
}
