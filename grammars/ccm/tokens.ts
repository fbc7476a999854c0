import { createToken, Lexer, type TokenType } from "../chevrotain.js";

/*
 * Regex fragments, as source text, composed into the token patterns below and into the patterns that read
 * attribute values (time, date, bias) in records.ts.
 */
const ATTRIBUTE_NAME = "[A-Za-z_]+";
const OPENER = "<!\\[LOG\\[";
const CLOSER = "\\]LOG\\]!>";
/**
 * The message runs until `]LOG]!>` is followed by `<name="`; a `]` or `<` that does not start that closer (or a
 * new opener) belongs to the message. Written as an unrolled loop: each character is looked at once, so a
 * message that never closes costs one linear scan to the next opener or the end of the text.
 */
const MESSAGE_BODY = `[^\\]<]*(?:(?:\\](?!LOG\\]!><${ATTRIBUTE_NAME}=")|<(?!!\\[LOG\\[))[^\\]<]*)*`;

const HOUR = "\\d{1,2}";
const MINUTE = "\\d{2}";
const SECOND = "\\d{2}";
const FRACTION = "\\d{3,7}";
const MONTH = "\\d{1,2}";
const DAY = "\\d{1,2}";
const YEAR = "\\d{4}";
const BIAS = "[+-]\\d{1,4}";

/** Shape of a `time` attribute up to the bias; what follows it is the bias, or junk. */
export const TIME_SHAPE = new RegExp(`^${HOUR}:${MINUTE}:${SECOND}(?:\\.${FRACTION})?(?![.\\d])`);
export const BIAS_SHAPE = new RegExp(`^${BIAS}$`);
/** Shape of a `date` attribute, month first. */
export const DATE_SHAPE = new RegExp(`^${MONTH}-${DAY}-${YEAR}$`);

/** Offsets of the message inside a `Message` token image: after `<![LOG[`, before `]LOG]!><`. */
export const MESSAGE_PREFIX_LENGTH = "<![LOG[".length;
export const MESSAGE_SUFFIX_LENGTH = "]LOG]!><".length;

/** The CCM grammar's token types; `all` in the lexer's order. */
export interface CcmTokens {
  Stray: TokenType;
  Message: TokenType;
  Opener: TokenType;
  Attribute: TokenType;
  Close: TokenType;
  Newline: TokenType;
  Text: TokenType;
  Lt: TokenType;
  all: TokenType[];
}

let made: CcmTokens | undefined;

/**
 * The token types, made on first use: chevrotain's set-up of them is a good part of a short run, and the text of
 * almost every CCM log never reaches the grammar (`fast.ts` reads it).
 */
export function ccmTokens(): CcmTokens {
  return (made ??= makeTokens());
}

function makeTokens(): CcmTokens {
  /** Any token that is not part of a record when met outside one: text around records, foreign lines. */
  const Stray = createToken({ name: "Stray", pattern: Lexer.NA });

  /** `<![LOG[message]LOG]!><` in one token, up to the `<` that opens the attribute list. */
  const Message = createToken({
    name: "Message",
    pattern: new RegExp(`${OPENER}${MESSAGE_BODY}${CLOSER}<(?=${ATTRIBUTE_NAME}=")`),
    line_breaks: true,
  });

  /** An opener the `Message` pattern could not close: a cut-off record. */
  const Opener = createToken({ name: "Opener", pattern: new RegExp(OPENER), line_breaks: false });

  /** `name="value"` with the whitespace after it, so that a whole attribute list is a few tokens. */
  const Attribute = createToken({
    name: "Attribute",
    pattern: new RegExp(`${ATTRIBUTE_NAME}="[^"\\r\\n]*"[ \\t]*`),
    line_breaks: false,
    categories: [Stray],
  });

  const Close = createToken({ name: "Close", pattern: />/, line_breaks: false, categories: [Stray] });

  const Newline = createToken({ name: "Newline", pattern: /\r\n|\r|\n/, line_breaks: true });

  const TEXT_EXCLUDED = new Set(["<", ">", "\r", "\n"].map((c) => c.charCodeAt(0)));

  /**
   * Any other run of text on a line. The pattern is a complement set, which chevrotain cannot analyze for its
   * first-character optimization, hence the explicit hint (every UTF-16 code unit but the excluded ones).
   */
  const Text = createToken({
    name: "Text",
    pattern: /[^<>\r\n]+/,
    start_chars_hint: Array.from({ length: 0x10000 }, (_, code) => code).filter((code) => !TEXT_EXCLUDED.has(code)),
    line_breaks: false,
    categories: [Stray],
  });

  /** A `<` that opens neither a record nor a cut-off record. */
  const Lt = createToken({ name: "Lt", pattern: /</, line_breaks: false, categories: [Stray] });

  /** Order matters: at a `<`, `Message` is tried before `Opener` and `Lt`; at a letter, `Attribute` before `Text`. */
  const all = [Message, Opener, Attribute, Close, Newline, Text, Lt, Stray];
  return { Stray, Message, Opener, Attribute, Close, Newline, Text, Lt, all };
}

export const LEXER_CONFIG = { positionTracking: "onlyOffset", ensureOptimizations: true } as const;
