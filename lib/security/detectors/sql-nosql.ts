/**
 * NoSQL (MongoDB) operator injection: `user[$ne]=x` in a query key, `{"$where": …}` in JSON.
 * The operator must stand alone as a key (`[$ne]`, the whole value, or a quoted JSON key):
 * `$existingUser` is a name, not the `$exists` operator.
 */
const OPERATORS = new Set(
  "ne eq gt gte lt lte in nin regex where exists not nor or and elemmatch expr text all size type mod jsonschema function accumulator".split(" "),
);

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/** The operator found, with its position, or null. Linear: each `$` is looked at once. */
export function findNoSqlOperator(src: string): { start: number; end: number } | null {
  for (let i = src.indexOf("$"); i >= 0; i = src.indexOf("$", i + 1)) {
    let j = i + 1;
    while (j < src.length && isWordChar(src.charCodeAt(j))) j++;
    if (j === i + 1 || j - i > 14) continue;
    const before = i === 0 ? -1 : src.charCodeAt(i - 1);
    const after = j === src.length ? -1 : src.charCodeAt(j);
    const standsAlone = (before === -1 || before === 91 || before === 34 || before === 123) && (after === -1 || after === 93 || after === 34);
    if (standsAlone && OPERATORS.has(src.slice(i + 1, j).toLowerCase())) return { start: i, end: j };
  }
  return null;
}
