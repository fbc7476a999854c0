import type { FrameRecord, ParsedTime } from "../../src/model/frame.js";
import type { ParsedRecord } from "./parser.js";
import { BIAS_SHAPE, DATE_SHAPE, TIME_SHAPE } from "./tokens.js";

/** Value of the decimal digits in `text[from, to)`, already known to be digits. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

// The shapes are checked by the composed patterns; the digits are then read in place, without match arrays.
function readTime(time: string | undefined, date: string | undefined, flags: string[]): ParsedTime | null {
  if (!time || !date) {
    flags.push("time-missing");
    return null;
  }
  if (!TIME_SHAPE.test(time)) {
    flags.push("time-malformed");
    return null;
  }
  if (!DATE_SHAPE.test(date)) {
    flags.push("date-malformed");
    return null;
  }
  const minuteAt = time.indexOf(":") + 1;
  const secondsEnd = minuteAt + 5;
  let end = secondsEnd;
  let fraction = "";
  if (time.charCodeAt(end) === 46) {
    end++;
    while (isDigit(time.charCodeAt(end))) end++;
    fraction = time.slice(secondsEnd + 1, end);
  } else {
    flags.push("no-fraction");
  }
  let bias: number | null = null;
  if (end === time.length) flags.push("bias-missing");
  else if (!BIAS_SHAPE.test(time.slice(end))) flags.push("bias-malformed");
  else bias = (time.charCodeAt(end) === 45 ? -1 : 1) * digits(time, end + 1, time.length) || 0; // `-000` is 0, not -0
  const dayAt = date.indexOf("-") + 1;
  const yearAt = date.indexOf("-", dayAt) + 1;
  return {
    year: digits(date, yearAt, date.length),
    month: digits(date, 0, dayAt - 1),
    day: digits(date, dayAt, yearAt - 1),
    hour: digits(time, 0, minuteAt - 1),
    minute: digits(time, minuteAt, minuteAt + 2),
    second: digits(time, minuteAt + 3, secondsEnd),
    fraction,
    bias,
  };
}

function readThread(thread: string | undefined, flags: string[]): number | null {
  if (thread === undefined) return null;
  let value = thread.length > 0 ? 0 : NaN;
  for (let i = 0; i < thread.length && value <= Number.MAX_SAFE_INTEGER; i++) {
    const code = thread.charCodeAt(i);
    value = isDigit(code) ? value * 10 + code - 48 : NaN;
  }
  // A Windows thread id is a DWORD: anything beyond 32 bits is no thread id.
  if (Number.isSafeInteger(value) && value <= 0xffffffff) return value;
  flags.push("thread-invalid");
  return null;
}

function readType(type: string | undefined, flags: string[]): number | null {
  if (type === undefined) return null;
  if (type.length === 1 && type >= "0" && type <= "3") return type.charCodeAt(0) - 48;
  flags.push("type-invalid");
  return null;
}

export function toFrameRecord(parsed: ParsedRecord): FrameRecord {
  const attributes = parsed.attributes;
  const flags: string[] = [];
  if (parsed.surrounded) flags.push("surrounding-text");
  if (attributes.unknown) flags.push("attribute-unknown");
  if (attributes.duplicated) flags.push("attribute-duplicated");
  const record: FrameRecord = {
    start: parsed.start,
    end: parsed.end,
    format: "ccm",
    message: parsed.message,
    component: attributes.component || null,
    thread: readThread(attributes.thread, flags),
    type: readType(attributes.type, flags),
    time: readTime(attributes.time, attributes.date, flags),
    flags,
  };
  if (attributes.context) record.context = attributes.context;
  if (attributes.file) record.sourceFile = attributes.file;
  return record;
}
