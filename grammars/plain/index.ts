import type { FrameGrammar, FrameRecord, GrammarSample } from "../../src/model/frame.js";

/**
 * The fall-back grammar: every non-blank line is an untimed record, so that text no other grammar recognizes is
 * still kept and shown. Used for lines the input layer hands to no structured grammar and for `--input-format plain`.
 */
const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/y;

function parse(text: string): { records: FrameRecord[]; issues: []; consumed: number } {
  const records: FrameRecord[] = [];
  LINE.lastIndex = 0;
  while (LINE.lastIndex < text.length) {
    const start = LINE.lastIndex;
    const m = LINE.exec(text);
    if (!m || m[0].length === 0) break;
    const body = m[0].replace(/(?:\r\n|\r|\n)$/, "");
    if (body.trim() === "") continue;
    records.push({
      start,
      end: start + body.length,
      format: "plain",
      message: body,
      component: null,
      thread: null,
      type: null,
      time: null,
      flags: [],
    });
  }
  return { records, issues: [], consumed: text.length };
}

const samples: GrammarSample[] = [
  {
    name: "message-only lines are untimed records",
    text: "  SCHEDULER : Checking if a user is actually logged on.\r\n  SCHEDULER : A user is logged on to the system.\r\n",
    records: [
      {
        format: "plain",
        message: "  SCHEDULER : Checking if a user is actually logged on.",
        time: null,
        component: null,
      },
      { format: "plain", message: "  SCHEDULER : A user is logged on to the system." },
    ],
  },
  {
    name: "last line without terminator, lone CR",
    text: "first\rsecond",
    records: [
      { message: "first", start: 0, end: 5 },
      { message: "second", start: 6, end: 12 },
    ],
  },
];

export const plainGrammar: FrameGrammar = {
  format: "plain",
  description: "Any non-blank line, kept as an untimed record (message only).",
  claims: { by: "option" },
  samples,
  parse: (text) => parse(text),
};
