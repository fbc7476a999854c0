/** Characters that start a formula in some spreadsheet (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A formula character where a spreadsheet that guessed another separator (`;` TAB `|`), or that ends a row at a
 * line break inside quotes, would start a cell: after a separator candidate or a line break, and any quotes.
 */
const FORMULA_INSIDE = /([,;\t|\r\n]"*)([=+\-@])/g;
/** Characters a spreadsheet may take as the separator (its locale's or the user's choice), quotes and line breaks. */
const NEEDS_QUOTES = /[",;\t|\r\n]/;

/**
 * One CSV cell, safe whatever separator the spreadsheet uses (`,` `;` TAB `|`): a formula character that would
 * start a cell, at the start of the text or after a separator candidate or line break, gets a `'` before it (kept as
 * text), and a text holding a separator candidate, a quote or a line break, or given a `'`, is quoted.
 */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? "" : String(v);
  let quote = NEEDS_QUOTES.test(s);
  if (FORMULA_START.test(s)) {
    s = `'${s}`;
    quote = true;
  }
  if (quote) s = s.replace(FORMULA_INSIDE, "$1'$2");
  return quote ? `"${s.replace(/"/g, '""')}"` : s;
}
