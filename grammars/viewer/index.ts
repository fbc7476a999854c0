import { Lexer } from "../chevrotain.js";
import type { FrameGrammar, FrameResult } from "../../src/model/frame.js";
import { ViewerParser, type ViewerLineParse } from "./parser.js";
import { buildRecords, viewerTailOf } from "./records.js";
import { viewerSamples } from "./samples.js";
import { viewerLexerConfig, viewerTokens } from "./tokens.js";

/** The lexer and parser, built when the grammar first parses (chevrotain's set-up is a good part of a short run). */
let built: { lexer: InstanceType<typeof Lexer>; parser: ViewerParser } | undefined;
function grammar(): { lexer: InstanceType<typeof Lexer>; parser: ViewerParser } {
  return (built ??= { lexer: new Lexer(viewerTokens, viewerLexerConfig), parser: new ViewerParser() });
}

function scan(text: string): ViewerLineParse[] {
  const { lexer, parser } = grammar();
  const lexed = lexer.tokenize(text);
  parser.input = lexed.tokens;
  parser.textLength = text.length;
  const lines = parser.block();
  // Both are total over any text (every character has a token, every token sequence a parse).
  if (lexed.errors.length > 0 || parser.errors.length > 0) {
    throw new Error(lexed.errors[0]?.message ?? parser.errors[0].message);
  }
  return lines;
}

const CLOSE_PAREN = 0x29;

/**
 * Whether a line (terminator optional) is a copy out of the SMS trace viewer: it ends in
 * `M/D/YY(YY) h:mm:ss AM|PM<TAB>thread (0xHEX)<TAB>`, TABs possibly turned into spaces. The input layer calls
 * this on every line, so a line that does not end in `)` is turned away before anything is lexed; the others
 * go through the grammar itself, so that the answer always agrees with `parse`.
 */
export function looksLikeViewerLine(line: string): boolean {
  let i = line.length - 1;
  while (i >= 0 && " \t\r\n".includes(line[i])) i--;
  if (i < 0 || line.charCodeAt(i) !== CLOSE_PAREN) return false;
  const lines = scan(line);
  return lines.length === 1 && viewerTailOf(line, lines[0]) !== null;
}

export const viewerGrammar: FrameGrammar = {
  format: "viewer",
  description:
    "Lines copied out of the SMS trace viewer: message, component, M/D/Y 12-hour time and `thread (0xHEX)` " +
    "columns separated by TABs (or by the spaces they became); times are low-confidence.",
  claims: { by: "line", test: looksLikeViewerLine },
  samples: viewerSamples,
  // Every line stands alone, so every piece is consumed whole whether or not it is final.
  parse(text: string): FrameResult {
    grammar();
    try {
      return buildRecords(text, scan(text));
    } catch (error) {
      // The contract is never to throw; a failure here is a bug in this grammar, reported as data.
      return {
        records: [],
        issues: [
          { start: 0, end: text.length, reason: "unrecognized", detail: `Viewer grammar failed: ${String(error)}` },
        ],
        consumed: text.length,
      };
    }
  },
};
