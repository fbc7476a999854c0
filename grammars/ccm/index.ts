import { Lexer } from "../chevrotain.js";
import type { FrameGrammar, FrameResult } from "../../src/model/frame.js";
import { CcmParser, type CcmParse } from "./parser.js";
import { toFrameRecord } from "./records.js";
import { samples } from "./samples.js";
import { ccmTokens, LEXER_CONFIG } from "./tokens.js";

const lexer = new Lexer(ccmTokens, LEXER_CONFIG);
const parser = new CcmParser();

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
  for (let moved = true; moved; ) {
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

function parseText(text: string, final: boolean): FrameResult {
  const lexed = lexer.tokenize(text);
  if (lexed.errors.length > 0) throw new Error(`CCM lexer: ${lexed.errors[0].message}`);
  const parsed = parser.parseTokens(lexed.tokens, text.length, final);
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

function parse(text: string, final: boolean): FrameResult {
  try {
    return parseText(text, final);
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

export const ccmGrammar: FrameGrammar = {
  format: "ccm",
  description:
    "SMS 2003 Advanced Client (CCM) records: <![LOG[message]LOG]!><time=\"…\" date=\"…\" component=\"…\" …>, " +
    "a message possibly spanning several lines; lines with no part of a record are returned as foreign.",
  claims: { by: "marker", marker: "<![LOG[", outside: "text outside any CCM record" },
  samples,
  parse,
};
