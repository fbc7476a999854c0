import { createToken, Lexer, type ILexerConfig, type TokenType } from "../chevrotain.js";
import { charsExcept } from "../trace/tokens.js";

/** Named pieces of the trace viewer's copied columns, each matching one value. */
export const fragment = {
  /** Month first: the US short date the KB copies show; the viewer wrote the machine's locale. */
  month: "\\d{1,2}",
  day: "\\d{1,2}",
  year: "\\d{2}(?:\\d{2})?",
  hour: "\\d{1,2}",
  minute: "\\d{2}",
  second: "\\d{2}",
  meridiem: "[AaPp][Mm]",
  decimal: "\\d+",
  hex: "[0-9A-Fa-f]+",
} as const;

/** A TAB between columns, or the run of spaces mail and web pages turned it into. */
const gap = "[ \\t]+";

/** `part` leaves a value as it is (token) or wraps it in a capture group (reader), so the two cannot drift apart. */
type Part = (valuePattern: string) => string;
const asIs: Part = (p) => p;
export const capture: Part = (p) => `(${p})`;

/** The reliable end of a viewer line: `4/2/99 12:01:35 AM<TAB>182 (0xB6)<TAB>`. */
export const viewerTail = (part: Part) =>
  `${part(fragment.month)}/${part(fragment.day)}/${part(fragment.year)}${gap}` +
  `${part(fragment.hour)}:${part(fragment.minute)}:${part(fragment.second)}${gap}${part(fragment.meridiem)}${gap}` +
  `${part(fragment.decimal)} \\(0x${fragment.hex}\\)[ \\t]*`;

export const Piece = createToken({ name: "Piece", pattern: Lexer.NA });

export const LineEnd = createToken({ name: "LineEnd", pattern: /\r\n?|\n/, line_breaks: true });
export const Tab = createToken({ name: "Tab", pattern: /\t/ });
/** Date, time and thread columns; only a `Tail` that ends its line makes the line a viewer record. */
export const Tail = createToken({ name: "Tail", pattern: new RegExp(viewerTail(asIs)), categories: [Piece] });
/** Digits stand alone so that a `Tail` can start at any number. */
export const Digits = createToken({ name: "Digits", pattern: /\d+/, categories: [Piece] });
export const Text = createToken({
  name: "Text",
  pattern: new RegExp(`${charsExcept("\t\r\n0123456789")}+`),
  categories: [Piece],
});

/** Order matters: chevrotain takes the first pattern that matches, so `Tail` precedes `Digits`. */
export const viewerTokens: TokenType[] = [Piece, LineEnd, Tab, Tail, Digits, Text];

export const viewerLexerConfig: ILexerConfig = {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
};
