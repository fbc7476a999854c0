import type { IToken } from "../chevrotain.js";
import type { FrameIssue, FrameRecord, FrameResult, ParsedTime } from "../../src/model/frame.js";
import type { ViewerLineParse } from "./parser.js";
import { capture, viewerTail } from "./tokens.js";

const TAIL_FIELDS = new RegExp(`^${viewerTail(capture)}`);
const NON_BLANK = /\S/;
const GAP = /[ \t]/;

/** The date, time and thread columns of a viewer copy: they end the line and a gap (or nothing) precedes them. */
export function viewerTailOf(text: string, line: ViewerLineParse): IToken | null {
  const tail = line.tail;
  if (tail === null || (tail.startOffset > line.start && !GAP.test(text[tail.startOffset - 1]))) return null;
  return tail;
}

/**
 * Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (the POSIX `%y` pivot). SMS-era dates (1994 to
 * the 2010s) read the same under Windows' default 1930–2029 window.
 */
function fullYear(written: string): number {
  const year = +written;
  if (written.length > 2) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

/** 12-hour clock to 24 hours; an hour outside 1–12 is kept as written for the input layer to reject. */
function hour24(hour: number, meridiem: string): number {
  if (hour < 1 || hour > 12) return hour;
  return (hour % 12) + (meridiem.toUpperCase() === "PM" ? 12 : 0);
}

function viewerRecord(text: string, line: ViewerLineParse, tail: IToken): FrameRecord {
  const [, month, day, year, hour, minute, second, meridiem, decimal] = TAIL_FIELDS.exec(tail.image) as RegExpExecArray;
  const flags: string[] = [];
  const time: ParsedTime = {
    year: fullYear(year),
    month: +month,
    day: +day,
    hour: hour24(+hour, meridiem),
    minute: +minute,
    second: +second,
    fraction: "",
    lowConfidence: true,
  };
  let thread: number | null = Number(decimal);
  // A Windows thread id is a DWORD: anything beyond 32 bits is no thread id.
  if (!Number.isSafeInteger(thread) || thread > 0xffffffff) {
    thread = null;
    flags.push("thread-invalid");
  }
  // Message<TAB>component<TAB>tail: the last two TABs before the tail delimit the component.
  const tabs = line.tabs;
  const n = tabs.length;
  let message: string;
  let component: string | null = null;
  if (n >= 2 && tabs[n - 1] === tail.startOffset - 1) {
    message = text.slice(line.start, tabs[n - 2]).trimEnd();
    component = text.slice(tabs[n - 2] + 1, tabs[n - 1]).trim() || null;
  } else {
    // TABs turned into spaces: the component can no longer be told from the message.
    message = text.slice(line.start, tail.startOffset).trimEnd();
    flags.push("fields-merged");
  }
  return { start: line.start, end: line.end, format: "viewer", message, component, thread, type: null, time, flags };
}

function plainRecord(text: string, line: ViewerLineParse): FrameRecord {
  return {
    start: line.start,
    end: line.end,
    format: "plain",
    message: text.slice(line.start, line.end),
    component: null,
    thread: null,
    type: null,
    time: null,
    flags: [],
  };
}

/** One record per line: a viewer copy when the line ends in the date, time and thread columns, else plain. */
export function buildRecords(text: string, lines: ViewerLineParse[]): FrameResult {
  const records: FrameRecord[] = [];
  const issues: FrameIssue[] = [];
  for (const line of lines) {
    const tail = viewerTailOf(text, line);
    if (tail !== null) records.push(viewerRecord(text, line, tail));
    else if (NON_BLANK.test(text.slice(line.start, line.end))) records.push(plainRecord(text, line));
    else
      issues.push({
        start: line.start,
        end: line.end,
        reason: "blank",
        detail: "Whitespace-only line inside a block.",
      });
  }
  return { records, issues, consumed: text.length };
}
