import { open } from "node:fs/promises";
import type { EncodingName } from "../model/input.js";
import type { FrameFormat } from "../model/frame.js";
import type { ParsedItem } from "../model/record.js";

/** A piece of one file that starts at a record boundary, with the number of its first line. */
export interface ByteRange {
  start: number;
  end: number;
  firstLine: number;
}

const LF = 0x0a;
const CR = 0x0d;
const CCM_START = Buffer.from("<![LOG[");

/**
 * Cuts a byte-oriented (UTF-8 or Windows-1252) file into ranges of about `target` bytes, each starting where a
 * record starts, so that each can be framed on its own: before a line opening a CCM record, or else after a line
 * ending a `$$<` suffix (`>`). One sequential pass also counts the lines before each cut (CRLF, LF and lone CR end
 * a line), which gives every range its first line number. Returns one range when no safe cut is found.
 */
export async function planRanges(path: string, size: number, target: number): Promise<ByteRange[]> {
  const fh = await open(path, "r");
  const ranges: ByteRange[] = [];
  try {
    const buf = Buffer.alloc(1 << 20);
    let pos = 0;
    let lines = 0;
    let prevCR = false;
    let start = 0;
    let firstLine = 1;
    let nextCut = target;
    while (pos < size) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      // Lines ended in this chunk; a CR at the end of the previous chunk followed by LF here was counted already.
      let i = chunk.indexOf(LF);
      let n = 0;
      while (i >= 0) {
        if (!(i === 0 && prevCR)) n++;
        i = chunk.indexOf(LF, i + 1);
      }
      let j = chunk.indexOf(CR);
      while (j >= 0) {
        if (j + 1 < chunk.length ? chunk[j + 1] !== LF : true) n++;
        j = chunk.indexOf(CR, j + 1);
      }
      // A CR at the very end was counted as a lone CR; if the next chunk starts with LF that LF is skipped above.
      const chunkEnd = pos + bytesRead;
      let counted = lines;
      let from = 0;
      while (nextCut < chunkEnd) {
        const cut = findCut(chunk, Math.max(from, nextCut - pos));
        if (cut < 0 || pos + cut >= size) break;
        if (pos + cut > start) {
          counted += countBreaks(chunk, from, cut, from === 0 ? prevCR : chunk[from - 1] === CR);
          ranges.push({ start, end: pos + cut, firstLine });
          start = pos + cut;
          firstLine = counted + 1;
          from = cut;
        }
        nextCut = start + target;
      }
      lines += n;
      prevCR = chunk[bytesRead - 1] === CR;
      pos = chunkEnd;
    }
    ranges.push({ start, end: size, firstLine });
  } finally {
    await fh.close();
  }
  return ranges;
}

/** Offset in `chunk` at or after `from` where a record starts on a new line, or -1. */
function findCut(chunk: Buffer, from: number): number {
  let i = chunk.indexOf(CCM_START, from);
  while (i > 0) {
    if (chunk[i - 1] === LF || chunk[i - 1] === CR) return i;
    i = chunk.indexOf(CCM_START, i + 1);
  }
  // No CCM record ahead: a line that ends a `$$<` suffix, unless the next line starts with `<` or `&<`: pasted
  // text wraps a suffix before its time or thread (`$$<component>` / `<time><thread=...>`).
  let k = chunk.indexOf(LF, from);
  while (k > 0 && k + 1 < chunk.length) {
    const before = chunk[k - 1] === CR ? k - 2 : k - 1;
    let next = k + 1;
    while (next < chunk.length && (chunk[next] === 0x20 || chunk[next] === 0x09)) next++;
    if (before >= 0 && chunk[before] === 0x3e && next < chunk.length && chunk[next] !== 0x3c && chunk[next] !== 0x26)
      return k + 1;
    k = chunk.indexOf(LF, k + 1);
  }
  return -1;
}

/** Line terminators in chunk[a, b), given whether the byte before `a` was a CR. */
function countBreaks(chunk: Buffer, a: number, b: number, prevCR: boolean): number {
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = chunk[i];
    if (c === LF) {
      if (!(i === 0 && prevCR) && !(i > a && chunk[i - 1] === CR)) n++;
    } else if (c === CR) n++;
  }
  return n;
}

/** One range of a file to read on a worker thread, as plain data. */
export interface RangeJob {
  path: string;
  display: string;
  range: ByteRange;
  encoding: EncodingName;
  inputFormat?: FrameFormat;
  /** `--assume-tz` as given: the worker thread parses it again. */
  assumeTz?: string;
  maxLineBytes: number;
  maxRecordChars?: number;
}

/** What the parse range worker answers: the range's last NDJSON text and its counts (its text before that comes as partial output, in pieces of about 1 MB). */
export interface FramedRange {
  text: string;
  counts: RangeCounts;
}

export interface RangeCounts {
  lines: number;
  records: Record<string, number>;
  unparsed: Record<string, { spans: number; lines: number }>;
}

/** Counts a range's records and unparsed spans as they are framed. */
export function countItem(counts: RangeCounts, it: ParsedItem): void {
  if (it.kind === "record") counts.records[it.format] = (counts.records[it.format] ?? 0) + 1;
  else {
    const u = (counts.unparsed[it.reason] ??= { spans: 0, lines: 0 });
    u.spans++;
    u.lines += it.lastLine - it.firstLine + 1;
  }
}
