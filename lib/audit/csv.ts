/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (starting with = + - @,
 * or a tab / carriage return that hides one) is prefixed with ' (OWASP's CSV-injection advice):
 * audit rows carry attacker-chosen text, and an admin opens exports in a spreadsheet.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
