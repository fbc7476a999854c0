import { Lexer } from "../chevrotain.js";
import type { FrameGrammar, FrameResult } from "../../src/model/frame.js";
import { CcmParser, type CcmParse } from "./parser.js";
import { fastParse } from "./fast.js";
import { toFrameRecord } from "./records.js";
import { samples } from "./samples.js";
import { ccmTokens, LEXER_CONFIG } from "./tokens.js";

/** The lexer and parser, built when the grammar first parses (chevrotain's set-up is a good part of a short run). */
let built: { lexer: InstanceType<typeof Lexer>; parser: CcmParser } | undefined;
function grammar(): { lexer: InstanceType<typeof Lexer>; parser: CcmParser } {
  return (built ??= { lexer: new Lexer(ccmTokens().all, LEXER_CONFIG), parser: new CcmParser() });
}

interface Claim {
  start: number;
  end: number;
  lineStart: number;
}

/**
 * Moves the cut point back until no record or issue straddles it: a record may end on the line where an
 * unfinished one starts, and that line is handed back whole.
 */
function settleCut(parsed: CcmParse, at: number): number {
  const lists: Claim[][] = [parsed.records, parsed.issues];
  let cut = at;
  for (let moved = true; moved;) {
    moved = false;
    for (const claims of lists) {
      const last = claims.findLast((claim) => claim.start < cut);
      if (last !== undefined && last.end > cut) {
        cut = last.lineStart;
        moved = true;
      }
    }
  }
  return cut;
}

/** The grammar's parse: the lexer's tokens through the parser. */
function grammarParse(text: string, final: boolean): CcmParse {
  const { lexer, parser } = grammar();
  const lexed = lexer.tokenize(text);
  if (lexed.errors.length > 0) throw new Error(`CCM lexer: ${lexed.errors[0].message}`);
  return parser.parseTokens(lexed.tokens, text.length, final);
}

function toResult(text: string, parsed: CcmParse): FrameResult {
  const consumed = parsed.unfinishedAt === null ? text.length : settleCut(parsed, parsed.unfinishedAt);
  const records = [];
  for (const record of parsed.records) {
    if (record.start >= consumed) break;
    records.push(toFrameRecord(record));
  }
  const issues = [];
  for (const issue of parsed.issues) {
    if (issue.start >= consumed) break;
    issues.push({ start: issue.start, end: issue.end, reason: issue.reason, detail: issue.detail });
  }
  const foreign = parsed.foreign.filter(([start]) => start < consumed);
  return { records, issues, consumed, foreign };
}

/** The common well-formed text through the shortcut (`fast.ts`), anything else through the grammar. */
function parse(text: string, final: boolean, shortcut = true): FrameResult {
  try {
    return toResult(text, (shortcut ? fastParse(text, final) : undefined) ?? grammarParse(text, final));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      records: [],
      issues: [
        {
          start: 0,
          end: text.length,
          reason: "malformed",
          detail: `The CCM grammar failed on this text with an internal error (${reason}).`,
        },
      ],
      consumed: text.length,
      foreign: [],
    };
  }
}

/** The grammar alone, without the shortcut: what the shortcut must agree with (tests). */
export function parseWithGrammarOnly(text: string, final: boolean): FrameResult {
  return parse(text, final, false);
}

export const ccmGrammar: FrameGrammar = {
  format: "ccm",
  description:
    'SMS 2003 Advanced Client (CCM) records: <![LOG[message]LOG]!><time="…" date="…" component="…" …>, ' +
    "a message possibly spanning several lines; lines with no part of a record are returned as foreign.",
  claims: { by: "marker", marker: "<![LOG[", outside: "text outside any CCM record" },
  samples,
  parse,
};
