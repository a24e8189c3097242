/**
 * `../` climbs in their spellings: a run of two or more dots that is a whole path segment (not
 * `foo../`), followed by a slash, backslash or Tomcat's `;` (`..;/`); and the `0x2e`-style
 * spellings some decoders honour. Both are single passes.
 */

/** Characters that continue a name: a `..` right after one is part of a name (`foo../`), not a segment. */
export function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 37 || c >= 0x80;
}

/** Slash and backslash both separate segments (Windows and lenient servers accept either). */
export function isSlash(c: number): boolean {
  return c === 47 || c === 92;
}

export interface Traversal {
  at: number;
  /** Dot segments climbed, counted to 2: 1, or 2 for two and more (all that the level needs). */
  depth: number;
  end: number;
}

/**
 * Further climbs after the second, skipped natively: one climb is a run of 2+ dots, then slashes,
 * `;` and `.` before a slash (the loop below, as a pattern). Nothing follows the repetition, so a
 * match never backtracks; on a 1 MiB `../../…` it takes ~2 ms where the loop took ~6.7 ms.
 */
const MORE_CLIMBS = /(?:\.{2,}(?:[/\\;]|\.(?=[/\\]))*)*/y;

/** The first `../`-style climb in `s` from `from`: a run of 2+ dots that is a whole segment, then `/` or `;`. */
export function findTraversal(s: string, from = 0): Traversal | null {
  let i = s.indexOf("..", from);
  while (i >= 0) {
    let j = i;
    while (j < s.length && s.charCodeAt(j) === 46) j++;
    const before = i === 0 ? -1 : s.charCodeAt(i - 1);
    const after = s.charCodeAt(j);
    const climbs = isSlash(after) || (after === 59 && (isSlash(s.charCodeAt(j + 1)) || s.charCodeAt(j + 1) === 46));
    if (climbs && (before === -1 || !isNameChar(before))) {
      // Count the climb: consecutive dot segments, `./` and `//` between them included; past the
      // second, the rest of the run is only skipped (its end is where a target would start).
      let depth = 0;
      let k = i;
      for (;;) {
        let d = k;
        while (d < s.length && s.charCodeAt(d) === 46) d++;
        if (d - k < 2) break;
        depth++;
        k = d;
        while (k < s.length && (isSlash(s.charCodeAt(k)) || s.charCodeAt(k) === 59 || (s.charCodeAt(k) === 46 && isSlash(s.charCodeAt(k + 1))))) k++;
        if (depth === 2) {
          MORE_CLIMBS.lastIndex = k;
          if (MORE_CLIMBS.test(s)) k = MORE_CLIMBS.lastIndex;
          break;
        }
      }
      return { at: i, depth, end: k };
    }
    i = s.indexOf("..", j);
  }
  return null;
}

const HEX_SPELLING = /0[xX](?:2[eEfF]|5[cC])/;

/**
 * The `0x2e` / `0x2f` / `0x5c` spellings some decoders honour, decoded, or null when there are
 * none. Built by hand: a million-match `replace` is far slower than one pass.
 */
export function hexSpelled(s: string): string | null {
  const found = HEX_SPELLING.exec(s);
  if (!found) return null;
  const at = found.index;
  const parts: string[] = [];
  let from = 0;
  for (let i = at; i + 3 < s.length; i++) {
    if (s.charCodeAt(i) !== 48 || (s.charCodeAt(i + 1) | 32) !== 120) continue;
    const hi = s.charCodeAt(i + 2);
    const lo = s.charCodeAt(i + 3) | 32;
    const ch = hi === 50 && lo === 101 ? "." : (hi === 50 && lo === 102) || (hi === 53 && lo === 99) ? "/" : "";
    if (!ch) continue;
    parts.push(s.slice(from, i), ch);
    from = i + 4;
    i += 3;
  }
  if (parts.length === 0) return null;
  parts.push(s.slice(from));
  return parts.join("");
}
