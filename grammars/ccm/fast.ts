import { noAttributes, readAttribute, type CcmParse, type ParsedRecord } from "./parser.js";

/**
 * A shortcut through the CCM grammar for the text almost every CCM log is: records each starting a line, closed by
 * `>`, nothing else on their lines, no blank line. It reads what the grammar (tokens.ts, parser.ts) would and gives
 * the same parse; anything else (text beside or between records, a damaged or cut-off record, a blank line) is
 * left to the grammar, which stays the definition: the shortcut answers for the whole text or not at all. A test
 * holds the two to the same records on every sample, fixture and fuzz input.
 *
 * How it follows the grammar: the `Message` token runs from `<![LOG[` to the first `]LOG]!><` that a `name="`
 * follows, and holds no `<![LOG[`; `Attribute` tokens are `name="value"` with the blanks after them; then `>`.
 * With text that is not final, a record that more text could still complete is where the grammar stops
 * (`unfinishedAt`), found here the same way: no closer and no other opener after its opener, or an attribute list
 * that reaches the end of the text with nothing in it that would end or damage it.
 */

const OPENER = "<![LOG[";
const CLOSER = "]LOG]!><";
/** After the closer: the name of the first attribute and `="` (the `Message` token's look-ahead). */
const NAME_FOLLOWS = /[A-Za-z_]+="/y;
/** One `Attribute` token. */
const ATTRIBUTE = /[A-Za-z_]+="[^"\r\n]*"[ \t]*/y;
/** What ends or damages an attribute list that has not reached its `>`. */
const LIST_BREAK = /[<>\r\n]/;

const CR = 13;
const LF = 10;
const GT = 62;

export function fastParse(text: string, final: boolean): CcmParse | undefined {
  const records: ParsedRecord[] = [];
  let unfinishedAt: number | null = null;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    if (!text.startsWith(OPENER, pos)) return undefined;
    const bodyStart = pos + OPENER.length;
    // The first closer with an attribute name after it ends the message.
    let closer = text.indexOf(CLOSER, bodyStart);
    while (closer >= 0) {
      NAME_FOLLOWS.lastIndex = closer + CLOSER.length;
      if (NAME_FOLLOWS.test(text)) break;
      closer = text.indexOf(CLOSER, closer + 1);
    }
    const nextOpener = text.indexOf(OPENER, bodyStart);
    if (closer < 0) {
      // Cut off by the end of a text that may go on: the grammar waits for more.
      if (!final && nextOpener < 0) {
        unfinishedAt = pos;
        break;
      }
      return undefined;
    }
    if (nextOpener >= 0 && nextOpener < closer) return undefined;
    const record: ParsedRecord = {
      start: pos,
      end: -1,
      lineStart: pos,
      message: text.slice(bodyStart, closer),
      attributes: noAttributes(),
      surrounded: false,
    };
    let at = closer + CLOSER.length;
    for (;;) {
      ATTRIBUTE.lastIndex = at;
      const m = ATTRIBUTE.exec(text);
      if (m === null) break;
      readAttribute(record.attributes, m[0]);
      at = ATTRIBUTE.lastIndex;
    }
    if (text.charCodeAt(at) !== GT) {
      if (!final && !LIST_BREAK.test(text.slice(at))) {
        unfinishedAt = pos;
        break;
      }
      return undefined;
    }
    record.end = at + 1;
    records.push(record);
    // The record's line ends right after it.
    pos = at + 1;
    if (pos === n) break;
    const c = text.charCodeAt(pos);
    if (c === CR) pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
    else if (c === LF) pos += 1;
    else return undefined;
  }
  return { records, issues: [], foreign: [], unfinishedAt };
}
