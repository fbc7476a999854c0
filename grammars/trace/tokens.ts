import { createToken, Lexer, type ILexerConfig, type TokenType } from "../chevrotain.js";

/**
 * A character class of every UTF-16 code unit except `excluded`, written as positive ranges: chevrotain's
 * first-char optimization cannot analyse a complement set (`[^...]`) that starts a token.
 */
export function charsExcept(excluded: string): string {
  const codes = [...new Set([...excluded].map((c) => c.charCodeAt(0)))].sort((a, b) => a - b);
  const unit = (code: number) => `\\u${code.toString(16).padStart(4, "0")}`;
  const parts: string[] = [];
  let from = 0;
  for (const code of codes) {
    if (code > from) parts.push(code - 1 === from ? unit(from) : `${unit(from)}-${unit(code - 1)}`);
    from = code + 1;
  }
  if (from <= 0xffff) parts.push(`${unit(from)}-${unit(0xffff)}`);
  return `[${parts.join("")}]`;
}

/** Named pieces of the `$$<` suffix, each matching one value. */
export const fragment = {
  dayName: "(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)",
  monthName: "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
  month: "\\d{1,2}",
  day: "\\d{1,2}",
  year: "\\d{4}",
  hour: "\\d{1,2}",
  minute: "\\d{2}",
  second: "\\d{2}",
  fraction: "\\d+",
  /**
   * A Windows zone name (`Pacific Standard Time`, possibly localized). It stops before `$` so that a message
   * that happens to start like a timestamp cannot swallow the `$$<` after it.
   */
  zoneName: "[^\\s\\d<>&~$][^<>&~$\\r\\n]*",
  /**
   * Bias as written, valid or not (`+420`, `+-420`, ` 420`, nothing): records.ts tells them apart. Its digits
   * follow a sign or a space: digits straight after the clock would compete with the fraction's `\d+`, and the
   * split between the two is tried at every digit, quadratic on a long run of digits.
   */
  bias: "(?:[-+ ]+\\d*)?",
  decimal: "\\d+",
  hex: "[0-9A-Fa-f]+",
} as const;

/**
 * The token patterns and the field readers in records.ts are built from the same composition: `part` leaves a
 * value as it is (token) or wraps it in a capture group (reader).
 */
type Part = (valuePattern: string) => string;
const asIs: Part = (p) => p;
export const capture: Part = (p) => `(${p})`;

const clock = (part: Part) =>
  `${part(fragment.hour)}:${part(fragment.minute)}:${part(fragment.second)}(?:\\.${part(fragment.fraction)})?`;

/**
 * SMS 2.0 and 1.x: `Fri May 05 10:00:14.466 2000[ Pacific Standard Time][ ]`; SMS 1.x has no fraction and
 * ends in `~`. ctime-style writers pad the day with a space (`Nov  4`), SMS writes `Nov 04`.
 */
export const sms2Time = (part: Part) =>
  `${fragment.dayName} ${part(fragment.monthName)} {1,2}${part(fragment.day)} ${clock(part)} ${part(fragment.year)}` +
  `(?: ${part(fragment.zoneName)})? ?~?`;
/** SMS 2003: `05-16-2000 13:17:10.804+420`. */
export const numericTime = (part: Part) =>
  `${part(fragment.month)}-${part(fragment.day)}-${part(fragment.year)} ${clock(part)}${part(fragment.bias)}`;
/** `thread=DEC (0xHEX)`; SMS 1.x writes the hex value alone (`thread=A0`). */
export const thread = (part: Part) =>
  `thread=(?:${part(fragment.decimal)} \\(0x${fragment.hex}\\)|${part(fragment.hex)})`;

// Pieces a component, time or thread field may be made of; everything but the structural brackets.
export const FieldPiece = createToken({ name: "FieldPiece", pattern: Lexer.NA });
// Anything that may appear in a message (a `$$<` that fails to be a suffix is message text too).
export const MessagePiece = createToken({ name: "MessagePiece", pattern: Lexer.NA });
const field = [FieldPiece, MessagePiece];

export const LineEnd = createToken({ name: "LineEnd", pattern: /\r\n?|\n/, line_breaks: true });
/**
 * `$$<`; `$$&<` where a web page escaped the bracket twice; `<$$` where the `$$` was typed inside the bracket
 * (`<$$C:\WINDOWS\MS\SMS\CORE\BIN\EXAMPLE.EXE>`).
 */
export const SuffixOpen = createToken({ name: "SuffixOpen", pattern: /\$\$&?<|&?<\$\$/ });
export const Dollar = createToken({ name: "Dollar", pattern: /\$/, categories: field });
/** `><` between suffix fields (`&>&<` when double-escaped). */
export const Junction = createToken({ name: "Junction", pattern: /&?>&?</, categories: [MessagePiece] });
export const Close = createToken({ name: "Close", pattern: /&?>/, categories: [MessagePiece] });
export const Open = createToken({ name: "Open", pattern: /&?</, categories: [MessagePiece] });
export const Amp = createToken({ name: "Amp", pattern: /&/, categories: field });
export const Sms2Time = createToken({ name: "Sms2Time", pattern: new RegExp(sms2Time(asIs)), categories: field });
export const NumericTime = createToken({
  name: "NumericTime",
  pattern: new RegExp(numericTime(asIs)),
  categories: field,
});
export const Thread = createToken({ name: "Thread", pattern: new RegExp(thread(asIs)), categories: field });
/**
 * The common case, `><time><thread=...>` up to the closing `>`, as one token: most lines are then five tokens, line end included.
 * The separate pieces above read damaged and escaped suffixes.
 */
export const Tail = createToken({ name: "Tail", pattern: Lexer.NA });
const tail = [Tail, MessagePiece];
export const Sms2Tail = createToken({
  name: "Sms2Tail",
  pattern: new RegExp(`><${sms2Time(asIs)}><${thread(asIs)}>`),
  categories: tail,
});
export const NumericTail = createToken({
  name: "NumericTail",
  pattern: new RegExp(`><${numericTime(asIs)}><${thread(asIs)}>`),
  categories: tail,
});
/** Runs of ordinary text: the whole message up to `$$<` is usually one token. */
export const Text = createToken({
  name: "Text",
  pattern: new RegExp(`${charsExcept("\r\n$<>&")}+`),
  categories: field,
});

/** Order matters: chevrotain takes the first pattern that matches, so specific tokens precede general ones. */
export const traceTokens: TokenType[] = [
  FieldPiece,
  MessagePiece,
  Tail,
  LineEnd,
  SuffixOpen,
  Dollar,
  Sms2Tail,
  NumericTail,
  Junction,
  Close,
  Open,
  Amp,
  Sms2Time,
  NumericTime,
  Thread,
  Text,
];

export const traceLexerConfig: ILexerConfig = {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
};
