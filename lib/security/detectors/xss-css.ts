/**
 * CSS that runs script or loads code: IE `expression(…)`, `behavior:url(…htc)`, Firefox
 * `-moz-binding`, `url(javascript:…)`, `@import`. CSS escapes (`\65 xpression`), comments and
 * whitespace are removed first, as the CSS parser would.
 */

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/** Lower-cased CSS with comments, whitespace and escapes resolved (one pass). */
export function canonicalCss(css: string): string {
  let out = "";
  const n = css.length;
  for (let i = 0; i < n; i++) {
    const c = css.charCodeAt(i);
    if (c === 47 && css.charCodeAt(i + 1) === 42) {
      const close = css.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 1;
      continue;
    }
    if (c <= 32) continue;
    if (c === 92) {
      let j = i + 1;
      let v = 0;
      while (j < n && j - i <= 6 && isHex(css.charCodeAt(j))) v = v * 16 + parseInt(css[j++]!, 16);
      if (j > i + 1) {
        if (v > 0 && v <= 0x10ffff) out += String.fromCodePoint(v).toLowerCase();
        if (css.charCodeAt(j) === 32) j++;
        i = j - 1;
      }
      continue; // `\x` without hex digits is `x`; the next iteration adds it
    }
    out += String.fromCharCode(c).toLowerCase();
  }
  return out;
}

/** Does this CSS (a style attribute or a `<style>` body) execute or load code? */
export function dangerousCss(css: string): boolean {
  const s = canonicalCss(css);
  return (
    s.includes("expression(") ||
    s.includes("url(javascript") ||
    s.includes("url(vbscript") ||
    s.includes("url('javascript") ||
    s.includes('url("javascript') ||
    s.includes("-moz-binding") ||
    s.includes("behavior:") ||
    s.includes("behaviour:") ||
    s.includes("@import")
  );
}
