import { Lexer } from "../chevrotain.js";
import type { FrameGrammar, FrameResult } from "../../src/model/frame.js";
import { TraceParser, type LineParse } from "./parser.js";
import { buildRecords } from "./records.js";
import { traceSamples } from "./samples.js";
import { traceLexerConfig, traceTokens } from "./tokens.js";

/** The lexer and parser, built when the grammar first parses (chevrotain's set-up is a good part of a short run). */
let built: { lexer: InstanceType<typeof Lexer>; parser: TraceParser } | undefined;
function grammar(): { lexer: InstanceType<typeof Lexer>; parser: TraceParser } {
  return (built ??= { lexer: new Lexer(traceTokens, traceLexerConfig), parser: new TraceParser() });
}

/** An HTML line break a web page left at the end of a line (`...><thread=88 (0x58)><BR/>`). */
const TRAILING_BREAK = /<br\s*\/?>(?=[ \t]*(?:\r\n?|\n|$))/gi;

/**
 * Lexes and parses the text with each trailing `<BR/>` read as blanks of the same length, so offsets stay those
 * of the text: after a suffix, blanks are paste residue.
 */
function scan(text: string): LineParse[] {
  const { lexer, parser } = grammar();
  const lexed = lexer.tokenize(text.replace(TRAILING_BREAK, (br) => " ".repeat(br.length)));
  parser.input = lexed.tokens;
  parser.textLength = text.length;
  const lines = parser.block();
  // Both are total over any text (every character has a token, every token sequence a parse).
  if (lexed.errors.length > 0 || parser.errors.length > 0) {
    throw new Error(lexed.errors[0]?.message ?? parser.errors[0].message);
  }
  return lines;
}

export const traceGrammar: FrameGrammar = {
  format: "trace",
  description:
    "SMS 1.x/2.0/2003 trace lines `message  $$<component><time><thread=...>` (also component-only and " +
    "pasted, wrapped, HTML-escaped or `<BR/>`-ended suffixes, and suffixes split before a field); any other line " +
    "becomes an untimed plain record.",
  claims: { by: "rest" },
  samples: traceSamples,
  parse(text: string, final: boolean): FrameResult {
    grammar();
    try {
      return buildRecords(text, scan(text), final, scan);
    } catch (error) {
      // The contract is never to throw; a failure here is a bug in this grammar, reported as data.
      return {
        records: [],
        issues: [
          { start: 0, end: text.length, reason: "unrecognized", detail: `Trace grammar failed: ${String(error)}` },
        ],
        consumed: text.length,
      };
    }
  },
};
