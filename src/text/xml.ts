/**
 * Escaping for the machine-readable reporters. Log lines carry whatever the machine wrote: control characters,
 * markup, broken UTF-16. XML 1.0 cannot hold C0 controls (other than tab, LF, CR), lone surrogates, U+FFFE or
 * U+FFFF even as character references, and a lone surrogate is not UTF-8 at all, so both are replaced here.
 */

const C0_NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NON_CHARACTER = /[\ufffe\uffff]/g;

/** The string with every lone surrogate replaced by U+FFFD, so that it encodes to UTF-8 without loss elsewhere. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, "\ufffd");
}

/** A control character shown as a visible `\xNN`, the way the terminal output shows it. */
export function visibleControl(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/** Only characters XML 1.0 can hold: forbidden controls shown as `\xNN`, lone surrogates and U+FFFE/U+FFFF as U+FFFD. */
export function xmlChars(s: string): string {
  return wellFormed(s).replace(C0_NOT_XML, visibleControl).replace(NON_CHARACTER, "\ufffd");
}

/** Character data: markup escaped; CR as a reference, since a parser would turn a literal CR into LF. */
export function xmlText(s: string): string {
  return xmlChars(s).replace(/[&<>\r]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&#13;",
  );
}

/** An attribute value in double quotes: also quotes escaped, and tab/LF/CR as references so normalization keeps them. */
export function xmlAttr(s: string): string {
  return xmlChars(s).replace(/[&<>"'\t\n\r]/g, (c) => ATTR[c]);
}

const ATTR: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};
