import { createReadStream } from "node:fs";
import { FRAME_FORMATS, type FrameFormat } from "../model/frame.js";
import type { AssumedZone, ParsedItem, UnparsedSpan } from "../model/record.js";
import type { CheckedStream } from "./archive.js";
import type { LogFile, FileStats, InputOptions } from "../model/input.js";
import { countItem, type ByteRange, type RangeCounts } from "./ranges.js";
import { olderGenerationFirst } from "../model/logs.js";
import type { Sniffed } from "./decode.js";
import { Framer } from "./framer.js";
import { openSource, readPieces, type ReadInfo } from "./reader.js";

export function emptyStats(f: LogFile): FileStats {
  return {
    file: f.display,
    log: f.log,
    stage: f.stage,
    encoding: "",
    bytes: 0,
    lines: 0,
    records: 0,
    recordsByFormat: Object.fromEntries(FRAME_FORMATS.map((k) => [k, 0])) as Record<FrameFormat, number>,
    unparsed: {},
  };
}

function count(stats: FileStats, items: ParsedItem[]): void {
  for (const it of items) {
    if (it.kind === "record") {
      stats.records++;
      stats.recordsByFormat[it.format]++;
    } else {
      const u = (stats.unparsed[it.reason] ??= { spans: 0, lines: 0 });
      u.spans++;
      u.lines += it.lastLine - it.firstLine + 1;
    }
  }
}

/** A file's encoding as the summary shows it, with how it was decided. */
export function encodingLabel(s: Sniffed): string {
  return `${s.encoding}${s.how === "bom" ? " (BOM)" : s.how === "detected" ? " (detected)" : s.how === "forced" ? " (--encoding)" : ""}`;
}

/** What went wrong reading a file, in a few words. */
export function readError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a folder, not a file";
    case "ENOENT":
      return "no such file";
    default:
      return e.message ?? String(err);
  }
}

/** Reads one file into batches of records and unparsed spans, in file order. */
export async function* readFile(file: LogFile, opts: InputOptions, stats: FileStats): AsyncGenerator<ParsedItem[]> {
  const framer = new Framer({
    file: file.display,
    inputFormat: opts.inputFormat,
    assume: opts.assume,
    maxRecordChars: opts.maxRecordChars,
  });
  const info: ReadInfo = { bytes: 0 };
  try {
    const source = file.open
      ? await file.open()
      : file.path === "-"
        ? (opts.stdin ?? process.stdin)
        : openSource(file.path);
    for await (const piece of readPieces(
      source as AsyncIterable<Buffer>,
      { encoding: opts.encoding, maxLineBytes: opts.maxLineBytes },
      info,
    )) {
      const items = framer.push(piece);
      if (items.length) {
        count(stats, items);
        yield items;
      }
    }
    // An archive entry whose bytes do not match its recorded checksum: read, and reported as damaged.
    const damage = (source as CheckedStream).damage;
    if (damage) stats.error = damage;
  } catch (err) {
    stats.error = readError(err);
  }
  const rest = framer.end();
  if (rest.length) {
    count(stats, rest);
    yield rest;
  }
  stats.bytes = info.bytes;
  stats.lines = framer.lines;
  stats.encoding = info.sniffed ? encodingLabel(info.sniffed) : "";
}

/** One record-aligned range of a file, and how to read it. */
export interface RangeSource extends Pick<
  InputOptions,
  "encoding" | "inputFormat" | "maxLineBytes" | "maxRecordChars"
> {
  path: string;
  display: string;
  range: ByteRange;
  assume?: AssumedZone;
}

/** What reading a range gave: its counts, the bytes read, and the read error that ended it early, if one did. */
export interface RangeRead {
  counts: RangeCounts;
  bytes: number;
  error?: unknown;
}

export function newRangeRead(): RangeRead {
  return { counts: { lines: 0, records: {}, unparsed: {} }, bytes: 0 };
}

/**
 * Reads one range of a file and frames it on its own (lines numbered from the range's first line), yielding
 * batches of records and unparsed spans in file order and counting them in `read`. As when a file is read in one
 * go, a read error ends the range after what was read before it is framed; it is left in `read.error`, not thrown.
 */
export async function* frameRange(src: RangeSource, read: RangeRead): AsyncGenerator<ParsedItem[]> {
  const framer = new Framer({
    file: src.display,
    inputFormat: src.inputFormat,
    assume: src.assume,
    firstLine: src.range.firstLine,
    maxRecordChars: src.maxRecordChars,
  });
  const info: ReadInfo = { bytes: 0 };
  const counted = (items: ParsedItem[]): ParsedItem[] => {
    for (const it of items) countItem(read.counts, it);
    return items;
  };
  const stream = createReadStream(src.path, {
    start: src.range.start,
    end: src.range.end - 1,
    highWaterMark: 64 * 1024,
  });
  try {
    try {
      for await (const piece of readPieces(stream, { encoding: src.encoding, maxLineBytes: src.maxLineBytes }, info)) {
        piece.byteStart += src.range.start;
        const items = framer.push(piece);
        if (items.length) yield counted(items);
      }
    } catch (err) {
      read.error = err;
    }
    const rest = framer.end();
    if (rest.length) yield counted(rest);
    read.counts.lines = framer.lines;
    read.bytes = info.bytes;
  } finally {
    stream.destroy();
  }
}

/** Orders rollover generations oldest first: dated and numbered copies, `X.lo_`, then `X.log`. */
export function groupRollovers(files: LogFile[]): LogFile[][] {
  const groups = new Map<string, LogFile[]>();
  for (const f of files) {
    const key = f.path === "-" ? `-${groups.size}` : f.group;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()]
    .flatMap(splitCaseTwins)
    .map((g) => g.sort((a, b) => olderGenerationFirst(a.display, b.display)));
}

/**
 * Names that differ only in case (`ScanWrapper.log` and `scanwrapper.LOG`, collected from a case-sensitive copy)
 * are two logs, not two generations of one: when a group holds such twins, it is split by the name's exact case,
 * so that neither is read as a rollover of the other and its records dropped as duplicates.
 */
function splitCaseTwins(group: LogFile[]): LogFile[][] {
  const base = (f: LogFile): string => f.display.slice(f.display.lastIndexOf("/") + 1);
  const lower = new Set(group.map((f) => base(f).toLowerCase()));
  if (lower.size === group.length) return [group];
  const byCase = new Map<string, LogFile[]>();
  for (const f of group) {
    const key = base(f)
      .replace(/\.(log|lo_)(\.?\d+)?$/i, "")
      .replace(/[-_.]\d{8,14}$/, "");
    const g = byCase.get(key);
    if (g) g.push(f);
    else byCase.set(key, [f]);
  }
  return [...byCase.values()];
}

const TAIL = 64;

/**
 * Reads a rollover group as one stream. Records at the start of a newer generation that repeat the end of the
 * previous one are turned into `duplicate` spans, so they are counted once in the timeline and still accounted.
 */
export async function* readGroup(
  group: LogFile[],
  opts: InputOptions,
  allStats: FileStats[],
): AsyncGenerator<{ file: LogFile; items: ParsedItem[] }> {
  let tail: string[] = [];
  for (const file of group) {
    const stats = emptyStats(file);
    allStats.push(stats);
    const previous = new Set(tail);
    let leading = previous.size > 0;
    const newTail: string[] = [];
    for await (const batch of readFile(file, opts, stats)) {
      if (leading) {
        for (let i = 0; i < batch.length; i++) {
          const it = batch[i];
          if (it.kind !== "record") continue;
          if (!previous.has(it.raw)) {
            leading = false;
            break;
          }
          const dup: UnparsedSpan = {
            kind: "unparsed",
            file: it.file,
            firstLine: it.firstLine,
            lastLine: it.lastLine,
            byteOffset: it.byteOffset,
            byteLength: Buffer.byteLength(it.raw),
            reason: "duplicate",
            detail: "record repeats one at the end of the previous log generation; counted there",
            preview: it.raw.slice(0, 200),
          };
          batch[i] = dup;
          stats.records--;
          stats.recordsByFormat[it.format]--;
          const u = (stats.unparsed.duplicate ??= { spans: 0, lines: 0 });
          u.spans++;
          u.lines += it.lastLine - it.firstLine + 1;
        }
      }
      for (const it of batch) if (it.kind === "record") newTail.push(it.raw);
      if (newTail.length > TAIL * 2) newTail.splice(0, newTail.length - TAIL);
      yield { file, items: batch };
    }
    tail = newTail.slice(-TAIL);
  }
}
