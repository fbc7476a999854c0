import { open, stat } from "node:fs/promises";
import { sniffEncoding, type Sniffed } from "./decode.js";
import type { EncodingName, LogFile, FileStats } from "../model/input.js";
import type { FrameFormat, UnparsedReason } from "../model/frame.js";
import { planRanges, type ByteRange, type FramedRange, type RangeCounts, type RangeJob } from "./ranges.js";
import { inOrder, WorkerJobError } from "../workers/pool.js";

export interface ParallelOptions {
  encoding: EncodingName;
  inputFormat?: FrameFormat;
  assumeTz?: string;
  maxLineBytes: number;
  maxRecordChars?: number;
  workers: number;
}

/**
 * Frames the ranges of one file in worker threads and yields their NDJSON text in file order. A worker takes the
 * next range as soon as it is free; text of ranges ahead of the one being written waits in memory, which the
 * range size and the number of workers bound.
 */
export async function* ndjsonInParallel(
  path: string,
  display: string,
  ranges: ByteRange[],
  opts: ParallelOptions,
  counts: RangeCounts[],
): AsyncGenerator<string> {
  const { workers, ...read } = opts;
  const jobs = ranges.map((range): RangeJob => ({ path, display, range, ...read }));
  try {
    for await (const out of inOrder<RangeJob, FramedRange, string>(jobs, {
      entry: new URL("./range-worker.js", import.meta.url),
      threads: workers,
      ahead: workers,
    })) {
      if (!out.result) yield out.partial;
      else {
        if (out.result.text) yield out.result.text;
        counts[out.index] = out.result.counts;
      }
    }
  } catch (err) {
    throw err instanceof WorkerJobError ? new Error(`reading ${display}: ${err.thrown.detail}`) : err;
  }
}

/** A file that can be read in ranges by worker threads. */
export interface RangePlan {
  file: LogFile;
  ranges: ByteRange[];
  sniffed: Sniffed;
  size: number;
}

/** Files at least this large are split into ranges read in parallel. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
export const RANGE_BYTES = 16 * 1024 * 1024;

/**
 * Whether a rollover group can be read in ranges: a plain file, alone in its group (rollover duplicates need the
 * previous generation's end), large, and byte-oriented (UTF-8 or Windows-1252, so ranges can be cut at bytes).
 */
export async function rangePlan(
  group: LogFile[],
  encoding: EncodingName,
  workers: number,
  minBytes = PARALLEL_MIN_BYTES,
  rangeBytes = RANGE_BYTES,
): Promise<RangePlan | undefined> {
  if (workers < 2 || group.length !== 1) return undefined;
  const f = group[0];
  if (f.open || f.path === "-") return undefined;
  const st = await stat(f.path).catch(() => undefined);
  if (!st || !st.isFile() || st.size < minBytes) return undefined;
  const fh = await open(f.path, "r");
  const head = Buffer.alloc(4096);
  let bytesRead = 0;
  try {
    ({ bytesRead } = await fh.read(head, 0, head.length, 0));
  } finally {
    await fh.close();
  }
  const sniffed = sniffEncoding(head.subarray(0, bytesRead), encoding);
  if (sniffed.encoding !== "utf8" && sniffed.encoding !== "windows-1252") return undefined;
  const ranges = await planRanges(f.path, st.size, rangeBytes);
  return ranges.length > 1 ? { file: f, ranges, sniffed, size: st.size } : undefined;
}

/** Adds a range's counts to its file's. */
export function addRangeCounts(stats: FileStats, c: RangeCounts): void {
  stats.lines += c.lines;
  for (const [fmt, n] of Object.entries(c.records)) {
    stats.records += n;
    stats.recordsByFormat[fmt as FrameFormat] += n;
  }
  for (const [reason, u] of Object.entries(c.unparsed)) {
    const t = (stats.unparsed[reason as UnparsedReason] ??= { spans: 0, lines: 0 });
    t.spans += u.spans;
    t.lines += u.lines;
  }
}
