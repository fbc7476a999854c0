import type { IToken } from "../chevrotain.js";
import type { FrameIssue, FrameRecord, FrameResult, ParsedTime } from "../../src/model/frame.js";
import type { LineParse, SuffixParse } from "./parser.js";
import { capture, NumericTime, numericTime, Sms2Tail, Sms2Time, sms2Time, Thread, thread } from "./tokens.js";

/** Lexes and parses a text into lines; the record builder calls it again on re-joined lines. */
export type Scan = (text: string) => LineParse[];

/** A `$$<` suffix is re-joined from at most this many physical lines (KB wrap at ~80 columns). */
const SUFFIX_LINES = 3;
/** A wrapped entry takes at most this many message-only lines from above it. */
const MESSAGE_LINES_ABOVE = 2;
/** Separator spaces before `$$<` that do not belong to the message. */
const SEPARATOR_SPACES = 3;

const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};
// Readers run on an image a token already matched, so they only pick the values out.
const SMS2_TIME = new RegExp(`^${sms2Time(capture)}`);
const NUMERIC_TIME = new RegExp(`^${numericTime(capture)}`);
const THREAD = new RegExp(`^${thread(capture)}`);
const SMS2_TAIL = new RegExp(`^><${sms2Time(capture)}><${thread(capture)}>`);
const NUMERIC_TAIL = new RegExp(`^><${numericTime(capture)}><${thread(capture)}>`);
/** Values captured by either time form; the thread's two follow in a tail. */
const TIME_GROUPS = 8;
const VALID_BIAS = /^[-+]\d+$/;
const NON_BLANK = /\S/;

type Match = RegExpExecArray;

function sms2TimeFrom(m: Match, at: number, flags: string[]): ParsedTime {
  const [monthName, day, hour, minute, second, fraction = "", year, zone] = m.slice(at, at + TIME_GROUPS);
  const time: ParsedTime = {
    year: +year,
    month: MONTHS[monthName],
    day: +day,
    hour: +hour,
    minute: +minute,
    second: +second,
    fraction,
  };
  const zoneName = zone?.trim();
  if (zoneName) time.zoneName = zoneName;
  if (fraction === "") flags.push("no-fraction");
  return time;
}

function numericTimeFrom(m: Match, at: number, flags: string[]): ParsedTime {
  const [month, day, year, hour, minute, second, fraction = "", biasText] = m.slice(at, at + TIME_GROUPS);
  const bias = VALID_BIAS.test(biasText) ? +biasText : null;
  const time: ParsedTime = {
    year: +year,
    month: +month,
    day: +day,
    hour: +hour,
    minute: +minute,
    second: +second,
    fraction,
    bias,
  };
  if (fraction === "") flags.push("no-fraction");
  if (bias === null) flags.push(NON_BLANK.test(biasText) ? "bias-malformed" : "bias-missing");
  return time;
}

function threadFrom(m: Match, at: number, flags: string[]): number | null {
  // SMS 2.0 writes the decimal value first; a lone value is SMS 1.x hex.
  const value = m[at] !== undefined ? Number(m[at]) : parseInt(m[at + 1], 16);
  // A Windows thread id is a DWORD: anything beyond 32 bits is no thread id.
  if (Number.isSafeInteger(value) && value <= 0xffffffff) return value;
  flags.push("thread-invalid");
  return null;
}

function timeReadable(s: SuffixParse): boolean {
  return (
    s.tail !== null || (s.timeTokens === 1 && (s.time?.tokenType === Sms2Time || s.time?.tokenType === NumericTime))
  );
}

/** The time of a suffix whose time field `timeReadable` accepted. */
function readTime(s: SuffixParse, flags: string[]): ParsedTime {
  const token = s.time as IToken;
  return token.tokenType === Sms2Time
    ? sms2TimeFrom(SMS2_TIME.exec(token.image) as Match, 1, flags)
    : numericTimeFrom(NUMERIC_TIME.exec(token.image) as Match, 1, flags);
}

function threadReadable(s: SuffixParse): boolean {
  return s.threadTokens === 1 && s.thread?.tokenType === Thread;
}

function readThread(s: SuffixParse, flags: string[]): number | null {
  if (threadReadable(s)) return threadFrom(THREAD.exec((s.thread as IToken).image) as Match, 1, flags);
  flags.push("thread-invalid");
  return null;
}

/**
 * The line's suffix, unless it is closed with neither its time nor its thread readable: such text only looks
 * like a suffix (`$$<component><Www Mmm DD ...><thread=DEC (0xHEX)>` in a format description).
 */
function suffixOf(line: LineParse): SuffixParse | null {
  const s = line.suffix;
  if (s === null || s.stage !== "closed" || s.tail !== null || s.componentOnly) return s;
  return timeReadable(s) || threadReadable(s) ? s : null;
}

/** Message before `$$<`: without the separator, `~` (an encoded line break) decoded. */
function messageBefore(src: string, line: LineParse, s: SuffixParse): string {
  let end = s.open;
  while (end > line.start && s.open - end < SEPARATOR_SPACES && src.charCodeAt(end - 1) === 0x20) end--;
  return src.slice(line.start, end).replaceAll("~", "\n");
}

/**
 * A trace record from the parse of `src` (the block, or lines re-joined into one). `flags` arrives with the
 * join flags; a suffix that is not closed is truncated and gives only what could be read: the component, and
 * the time when its field was closed by `><`.
 */
function traceRecord(src: string, line: LineParse, start: number, end: number, flags: string[]): FrameRecord {
  const s = line.suffix as SuffixParse;
  if (s.escaped) flags.push("html-escaped");
  let time: ParsedTime | null = null;
  let threadId: number | null = null;
  if (s.tail !== null) {
    const sms2 = s.tail.tokenType === Sms2Tail;
    const m = (sms2 ? SMS2_TAIL : NUMERIC_TAIL).exec(s.tail.image) as Match;
    time = (sms2 ? sms2TimeFrom : numericTimeFrom)(m, 1, flags);
    threadId = threadFrom(m, 1 + TIME_GROUPS, flags);
  } else if (s.stage === "closed" && s.componentOnly) {
    flags.push("component-only");
  } else if (s.stage === "closed") {
    if (timeReadable(s)) time = readTime(s, flags);
    else flags.push("time-unreadable");
    threadId = readThread(s, flags);
  } else {
    flags.push("suffix-truncated");
    if (s.stage === "thread" && timeReadable(s)) time = readTime(s, flags);
  }
  const component = src.slice(s.componentStart, s.componentEnd < 0 ? line.end : s.componentEnd).trim();
  return {
    start,
    end,
    format: "trace",
    message: messageBefore(src, line, s),
    component: component === "" ? null : component,
    thread: threadId,
    type: null,
    time,
    flags,
  };
}

/** A message-only line; `breaks`: the text holds a `<BR/>` somewhere, which is markup when it ends the line. */
function plainRecord(text: string, line: LineParse, breaks: boolean): FrameRecord {
  const raw = text.slice(line.start, line.end);
  const message = breaks ? raw.replace(TRAILING_BREAK, "") : raw;
  return {
    start: line.start,
    end: line.end,
    format: "plain",
    message,
    component: null,
    thread: null,
    type: null,
    time: null,
    flags: message === raw ? [] : ["html-break"],
  };
}

/** An HTML line break left at the end of a published line. */
const TRAILING_BREAK = /<br\s*\/?>[ \t]*$/i;
const BLANK_OR_BREAK = /^[ \t]*(?:<br\s*\/?>)?[ \t]*$/i;
/** A `<BR/>` that ends a line of the text tested. */
const BREAK = /<br\s*\/?>[ \t]*(?:\r\n?|\n|$)/im;

/** Message-only lines (KB quotes without the suffix) wrapped at about 80 columns: see `continues`. */
const PASTE_COLUMNS = 80;
const WRAP_COLUMNS = 72;
const WRAPPED_LINES = 4;
/** Ends that finish a message: sentence marks, `~` (an encoded line break), closing brackets and quotes. */
const CLOSED_END = /[.!?:~>)\]}"'=*|]$/;
/** Starts of a new entry: a tag (`SCHED DATA :`, `WARNING -`), `<<CLIEXCEPT>>`, `***`, `!!!`, `#$`, `===`. */
const ENTRY_START = /^(?:[A-Z][A-Z0-9 ]*[A-Z0-9] *[:-] |<<|\*\*\*|!!!|#\$|={3,})/;

/**
 * A message-only line goes on in the next one when the paste wrapped it: it is no longer than a paste's line, it
 * stops mid-sentence, the next line does not start a new entry, and the next line's first word would not have fit
 * within the wrap width.
 */
function continues(line: string, next: string): boolean {
  const a = line.replace(TRAILING_BREAK, "").trimEnd();
  const b = next.trim();
  if (a.length > PASTE_COLUMNS || b.length === 0 || next.trimEnd().length > PASTE_COLUMNS) return false;
  if (CLOSED_END.test(a) || ENTRY_START.test(b)) return false;
  const word = b.split(/[ \t]/, 1)[0];
  return a.length + 1 + word.length > WRAP_COLUMNS;
}

/** A line that may go on in a line not read yet (the first half of `continues`). */
function mayContinue(line: string): boolean {
  const a = line.replace(TRAILING_BREAK, "").trimEnd();
  return a.length > 0 && a.length <= PASTE_COLUMNS && !CLOSED_END.test(a);
}

const LINE_BREAK = /^(?:\r\n?|\n)$/;

/**
 * Joins plain records that are one message-only entry wrapped over up to four lines, in place. Returns, for the
 * last record, whether a line after it could still continue it.
 */
function mergeWrapped(text: string, records: FrameRecord[]): boolean {
  let n = 0;
  let lines = 0;
  let lastLine = "";
  for (const r of records) {
    const prev = n > 0 ? records[n - 1] : undefined;
    if (
      prev?.format === "plain" &&
      r.format === "plain" &&
      lines < WRAPPED_LINES &&
      LINE_BREAK.test(text.slice(prev.end, r.start)) &&
      continues(lastLine, r.message)
    ) {
      prev.message = joinWrapped(prev.message, r.message);
      prev.end = r.end;
      if (!prev.flags.includes("message-rejoined")) prev.flags.push("message-rejoined");
      lines++;
    } else {
      records[n++] = r;
      lines = 1;
    }
    lastLine = r.format === "plain" ? r.message : "";
  }
  records.length = n;
  return n > 0 && records[n - 1].format === "plain" && lines < WRAPPED_LINES && mayContinue(lastLine);
}

/** A KB line break plus the indentation after it stood for one space. */
function joinWrapped(before: string, after: string): string {
  return `${before.replace(TRAILING_BREAK, "").trimEnd()} ${after.trimStart()}`;
}

/** An entry re-joined from several physical lines: the joined text and its parse. */
interface Joined {
  text: string;
  line: LineParse;
  /** Index of the last physical line taken. */
  last: number;
  /**
   * Where the entry ends in the block, when that is inside its last line: the line went on with the next entry
   * after the suffix fields that completed this one.
   */
  end?: number;
}

/** The suffix field a following line's head must supply to complete a closed suffix, if one is missing. */
function missingField(s: SuffixParse): "time" | "thread" | null {
  if (s.stage !== "closed" || s.tail !== null) return null;
  if (s.componentOnly) return "time";
  return s.threadTokens === 0 && timeReadable(s) ? "thread" : null;
}

/** The line's offsets moved by `by` (a parse of part of a line, placed back into the block). */
function shiftLine(line: LineParse, by: number): LineParse {
  const s = line.suffix;
  return {
    ...line,
    start: line.start + by,
    end: line.end + by,
    suffix: s && {
      ...s,
      open: s.open + by,
      componentStart: s.componentStart + by,
      componentEnd: s.componentEnd < 0 ? -1 : s.componentEnd + by,
      end: s.end + by,
    },
    head: line.head && { ...line.head, end: line.head.end + by },
  };
}

/**
 * Groups the parsed lines into records. On-disk `$$<` logs hold one entry per line; pasted text (section 4
 * of the reference) is re-joined:
 * - a suffix left open at the end of its line takes up to two following lines that hold no `$$<`, as long as
 *   the joined suffix stays open, until it closes with a readable time (or as component only);
 * - a suffix closed without its time (`$$<component>`) or its thread (`$$<component><time>`) takes the fields a
 *   following line starts with (`<time>`, `<time><thread=...>`, `<thread=...>`), over at most two lines; what
 *   follows those fields on the line is the next entry, which then shares the line;
 * - an entry shows wrap damage when its suffix was re-joined, or stands alone on its line under message-only
 *   lines; it then takes those lines (at most two, never lines of an earlier record). The next entry takes the
 *   message-only lines between them too, even if intact itself: a wrapped paste wraps every entry's message.
 * - message-only lines that a paste wrapped (see `continues`) are one plain entry, over at most four lines.
 * Damage is judged from an entry's own lines and the message lines waiting above it, never from records
 * further back, so a non-final piece can hand back from the last damaged record and the next piece, starting
 * there, decides exactly as a single parse would.
 */
export function buildRecords(text: string, lines: LineParse[], final: boolean, scan: Scan): FrameResult {
  const records: FrameRecord[] = [];
  const issues: FrameIssue[] = [];
  const lineText = (line: LineParse) => text.slice(line.start, line.end);
  const isBlank = (line: LineParse) => !line.hasOpen && !NON_BLANK.test(lineText(line));
  const hasBreaks = BREAK.test(text);
  /** Message-only lines not yet given to a record, in order. */
  let pending: LineParse[] = [];
  /** The record directly above `pending` when its own lines show wrap damage. */
  let damagedAbove: FrameRecord | null = null;

  const flushPending = () => {
    for (const line of pending) records.push(plainRecord(text, line, hasBreaks));
    pending = [];
  };
  // What is left undecided at the end of a non-final piece is handed back, with the damaged record above it:
  // resuming after that record would lose the fact that it was damaged.
  // Nor is text handed back from inside a line: the records that share that line are handed back with it.
  const lineStartOf = (pos: number): number => {
    let p = pos;
    while (p > 0 && text.charCodeAt(p - 1) !== 10 && text.charCodeAt(p - 1) !== 13) p--;
    return p;
  };
  const handBackLine = (pos: number): number => {
    let consumed = pos;
    while (consumed < text.length && lineStartOf(consumed) !== consumed) {
      const last = records[records.length - 1];
      if (last === undefined || last.end <= lineStartOf(consumed)) return lineStartOf(consumed);
      consumed = Math.min(consumed, last.start);
      records.pop();
    }
    return consumed;
  };
  // A message-only entry that may go on in the text handed back is handed back too.
  const holdBack = (from: number): FrameResult => {
    let consumed = from;
    if (damagedAbove !== null) {
      records.pop();
      consumed = damagedAbove.start;
    }
    consumed = handBackLine(consumed);
    const open = mergeWrapped(text, records);
    const last = records[records.length - 1];
    if (open && LINE_BREAK.test(text.slice(last.end, consumed))) {
      records.pop();
      consumed = handBackLine(last.start);
    }
    return { records, issues, consumed };
  };

  /** `null`: the suffix stays truncated; `undefined`: the piece ended before this could be decided. */
  const joinForward = (i: number): Joined | null | undefined => {
    let joined = lineText(lines[i]);
    for (let k = i + 1; k < i + SUFFIX_LINES; k++) {
      if (k >= lines.length) return final ? null : undefined;
      if (lines[k].hasOpen || isBlank(lines[k])) return null;
      joined = joinWrapped(joined, lineText(lines[k]));
      const [line] = scan(joined);
      const s = line.suffix;
      if (s === null) return null;
      if (s.stage === "closed") return s.componentOnly || timeReadable(s) ? { text: joined, line, last: k } : null;
    }
    return null;
  };

  /**
   * The entry completed with the suffix fields following lines start with; `null`: nothing to take;
   * `undefined`: the piece ended before this could be decided.
   */
  const joinHeads = (entry: Joined): Joined | null | undefined => {
    let cur = entry;
    for (let n = 0; n < SUFFIX_LINES - 1; n++) {
      const s = cur.line.suffix;
      const want = s === null ? null : missingField(s);
      if (s === null || want === null) break;
      const k = cur.last + 1;
      if (k >= lines.length) {
        if (final) break;
        return undefined;
      }
      const head = lines[k].head;
      if (head === null || (want === "time") !== (head.time !== null)) break;
      const body = lineText(lines[k]);
      const from = lines[k].start + body.length - body.trimStart().length;
      const joined = cur.text.slice(0, s.end) + text.slice(from, head.end);
      const [line] = scan(joined);
      if (line.suffix === null || line.suffix.stage !== "closed" || !timeReadable(line.suffix)) break;
      cur = { text: joined, line, last: k, end: head.end };
    }
    if (cur === entry) return null;
    // Blanks (or a `<BR/>`) after the fields end the line; anything else is the next entry.
    if (BLANK_OR_BREAK.test(text.slice(cur.end as number, lines[cur.last].end))) return { ...cur, end: undefined };
    return cur;
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const s = suffixOf(line);
    if (s === null) {
      if (isBlank(line)) {
        flushPending();
        damagedAbove = null;
        issues.push({
          start: line.start,
          end: line.end,
          reason: "blank",
          detail: "Whitespace-only line inside a block.",
        });
      } else {
        pending.push(line);
        if (pending.length > MESSAGE_LINES_ABOVE) {
          records.push(plainRecord(text, pending.shift() as LineParse, hasBreaks));
          damagedAbove = null;
        }
      }
      i++;
      continue;
    }

    const wrapped = s.stage === "closed" ? null : joinForward(i);
    if (wrapped === undefined) return holdBack(pending[0]?.start ?? line.start);
    const fields =
      missingField(wrapped?.line.suffix ?? s) === null
        ? null
        : joinHeads(wrapped ?? { text: lineText(line), line: scan(lineText(line))[0], last: i });
    if (fields === undefined) return holdBack(pending[0]?.start ?? line.start);
    const forward = fields ?? wrapped;
    const ownLine = !NON_BLANK.test(text.slice(line.start, s.open));
    const damaged = forward !== null || (ownLine && pending.length > 0);
    const flags: string[] = forward !== null ? ["suffix-rejoined"] : [];
    const last = forward?.last ?? i;
    const end = forward?.end ?? lines[last].end;
    let record: FrameRecord;
    if (pending.length > 0 && (damaged || damagedAbove !== null)) {
      const joined = pending.reduceRight(
        (acc, above) => joinWrapped(lineText(above), acc),
        forward?.text ?? lineText(line),
      );
      const start = pending[0].start;
      pending = [];
      flags.push("message-rejoined");
      record = traceRecord(joined, scan(joined)[0], start, end, flags);
    } else {
      flushPending();
      record = forward
        ? traceRecord(forward.text, forward.line, line.start, end, flags)
        : traceRecord(text, line, line.start, line.end, flags);
    }
    if (hasBreaks && BREAK.test(text.slice(record.start, record.end))) record.flags.push("html-break");
    records.push(record);
    damagedAbove = damaged ? record : null;
    if (forward?.end !== undefined) {
      // The rest of the line is the next entry's beginning: read on from there.
      const restStart = forward.end;
      lines[last] = shiftLine(scan(text.slice(restStart, lines[last].end))[0], restStart);
      i = last;
    } else i = last + 1;
  }
  if (!final && (pending.length > 0 || damagedAbove !== null)) return holdBack(pending[0]?.start ?? text.length);
  flushPending();
  if (!final) return holdBack(text.length);
  mergeWrapped(text, records);
  return { records, issues, consumed: text.length };
}
