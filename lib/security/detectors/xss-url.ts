/**
 * Script-carrying URLs the way a browser reads them: leading spaces and control characters are
 * dropped, tabs and newlines inside the scheme are ignored (`jav&#x09;ascript:`), case does not
 * matter. `javascript:`/`vbscript:` run code; some `data:` types render HTML or script.
 */

const SCRIPT_SCHEMES = new Set(["javascript", "vbscript", "livescript", "mocha", "jscript"]);
const DATA_TYPES = ["text/html", "text/xml", "image/svg+xml", "application/xhtml+xml", "application/xml", "text/javascript", "application/javascript", "application/x-javascript", "application/ecmascript", "text/ecmascript"];

const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
/** Tab, LF, CR: removed from URLs by the URL parser; other C0 controls and NUL: used by evasions. */
const isIgnorable = (c: number) => c === 9 || c === 10 || c === 13 || c === 0;

export interface SchemeMatch {
  scheme: string;
  /** Index of the first scheme character and of the `:`. */
  start: number;
  colon: number;
  /** Ignorable characters were interleaved in the scheme. */
  obfuscated: boolean;
}

/** The scheme of a URL-valued attribute (`href`, `src` …), as the browser sees it; null if none. */
export function attributeScheme(value: string): SchemeMatch | null {
  let i = 0;
  while (i < value.length && value.charCodeAt(i) <= 32) i++;
  const start = i;
  let scheme = "";
  let obfuscated = false;
  for (; i < value.length && scheme.length < 24; i++) {
    const c = value.charCodeAt(i);
    if (isAlpha(c) || (scheme && (c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57)))) scheme += String.fromCharCode(c | 32);
    else if (isIgnorable(c) && scheme) obfuscated = true;
    else break;
  }
  return value.charCodeAt(i) === 58 && scheme ? { scheme, start, colon: i, obfuscated } : null;
}

/** Does a `data:` URL body (after the colon) declare a type that renders markup or script? */
export function dangerousDataType(rest: string, colon: number): boolean {
  let i = colon + 1;
  while (i < rest.length && rest.charCodeAt(i) <= 32) i++;
  const head = rest.slice(i, i + 32).toLowerCase();
  return DATA_TYPES.some((t) => head.startsWith(t));
}

export const isScriptScheme = (scheme: string): boolean => SCRIPT_SCHEMES.has(scheme);

/**
 * Finds a script scheme anywhere in free text by looking back from each `:` (bounded, so the scan
 * stays linear). Returns the match with the scheme's extent, or null.
 */
export function findScriptScheme(src: string, from = 0): SchemeMatch | null {
  for (let colon = src.indexOf(":", from); colon >= 0; colon = src.indexOf(":", colon + 1)) {
    let i = colon - 1;
    let letters = "";
    let obfuscated = false;
    while (i >= 0 && colon - i <= 40) {
      const c = src.charCodeAt(i);
      if (isAlpha(c)) letters = String.fromCharCode(c | 32) + letters;
      else if (isIgnorable(c) && letters) obfuscated = true;
      else break;
      i--;
    }
    if (letters.length >= 7 && SCRIPT_SCHEMES.has(letters)) return { scheme: letters, start: i + 1, colon, obfuscated };
    if (letters.length > 7) {
      // `xjavascript:` is not the scheme, but `=javascript:` and `"vbscript:` are found above.
      continue;
    }
  }
  return null;
}
