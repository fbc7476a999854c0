import type { LogId } from "../model/logs.js";
import type { UnparsedSpan } from "../model/record.js";
import type { InputSpec, InputOptions } from "../model/input.js";
import type { Classifier, UserPatternFile } from "../events/classify.js";
import type { IngestReport } from "../model/timeline.js";
import { emptyStats, encodingLabel, frameRange, newRangeRead } from "../input/read.js";
import { addRangeCounts, rangePlan, type RangePlan } from "../input/parallel.js";
import type { EventFilter } from "../timeline/filter.js";
import { EventReader, readEvents } from "./read-events.js";
import { LINE_FORMATS, type LineFormatName } from "../timeline/lines.js";
import { Spool } from "../timeline/spool.js";
import { readRange, spoolEvents, type EventRangeJob, type EventRangeResult } from "./range-worker.js";
import { inOrder, WorkerJobError } from "../workers/pool.js";

export interface StreamOptions {
  filter: EventFilter;
  lines: LineFormatName;
  /** The user's patterns, as data (worker threads compile them again). */
  patterns?: UserPatternFile;
  /** `--assume-tz` as given, for worker threads to parse again. */
  assumeTz?: string;
  /** Worker threads for large files (1: none). */
  workers: number;
  /** Files at least this large are read in ranges (tests lower it). */
  parallelMinBytes?: number;
  /** Size of the ranges (default 4 MB: small enough that ranges waiting to be added stay small). */
  rangeBytes?: number;
}

const RANGE_BYTES = 4 * 1024 * 1024;

export interface StreamedTimeline {
  report: IngestReport;
  recognition: Array<{ log: LogId; recognized: number; unrecognized: number }>;
  unparsed: UnparsedSpan[];
}

/**
 * The client timeline for outputs that need each event once, in order (NDJSON, CSV): each event is serialized as
 * soon as it is classified and only its place-finding columns are kept, so memory does not grow with the events
 * (the serialized text waits in a spool that overflows to a temporary file). Large single files are read in
 * record-aligned ranges by worker threads. Same order and bytes as `buildTimeline` followed by serializing each
 * event.
 */
export async function streamTimeline(
  paths: InputSpec[],
  input: InputOptions & { stdinName?: string },
  classifier: Classifier,
  opts: StreamOptions,
  write: (chunk: Buffer) => Promise<boolean>,
): Promise<StreamedTimeline> {
  const spool = new Spool();
  const format = LINE_FORMATS[opts.lines];
  const reader = new EventReader(classifier, spoolEvents(spool, opts.filter, opts.lines));
  try {
    const report = await readEvents(paths, input, reader, async (group, report) => {
      const plan = await rangePlan(
        group,
        input.encoding,
        opts.workers,
        opts.parallelMinBytes,
        opts.rangeBytes ?? RANGE_BYTES,
      );
      const presetLog = plan && (await logBeforeRanges(plan, input, classifier));
      if (!plan || !presetLog) return false;
      await readRanges(plan, presetLog, input, opts, reader, spool, report);
      return true;
    });
    const order = reader.order();
    let buf = Buffer.allocUnsafe(1 << 20);
    let used = 0;
    for (let seq = 0; seq < order.length; seq++) {
      const bytes = spool.entry(order[seq]);
      if (!bytes.length) continue;
      const prefix = format.prefix(seq);
      if (used + prefix.length + bytes.length > buf.length) {
        if (used && !(await write(buf.subarray(0, used)))) break;
        buf = Buffer.allocUnsafe(Math.max(1 << 20, prefix.length + bytes.length));
        used = 0;
      }
      used += buf.write(prefix, used, "latin1");
      used += bytes.copy(buf, used);
    }
    if (used) await write(buf.subarray(0, used));
    return { report, recognition: reader.recognition(), unparsed: reader.unparsed };
  } finally {
    spool.close();
  }
}

/**
 * For a file whose name does not say which log it is, the log its records tell (the first record whose component
 * names one), found in its first range: later ranges start with it, as reading the file in one go would. `other`
 * when the name says; undefined when the first range does not tell (the file is then read in one go).
 */
async function logBeforeRanges(
  plan: RangePlan,
  input: InputOptions,
  classifier: Classifier,
): Promise<LogId | undefined> {
  if (plan.file.log !== "other") return plan.file.log;
  const { file, ranges, sniffed } = plan;
  const read = newRangeRead();
  const src = {
    path: file.path,
    display: file.display,
    range: ranges[0],
    encoding: sniffed.encoding,
    inputFormat: input.inputFormat,
    assume: input.assume,
    maxLineBytes: input.maxLineBytes,
    maxRecordChars: input.maxRecordChars,
  };
  for await (const items of frameRange(src, read)) {
    for (const it of items) {
      const log = it.kind === "record" ? classifier.logOfComponent(it.component) : undefined;
      if (log) return log;
    }
  }
  if (read.error !== undefined) throw read.error;
  return undefined;
}

/**
 * Reads a file's ranges on `workers` threads (this one and `workers - 1` worker threads) and adds their events in
 * file order. A worker takes the next range as soon as it is free, and so does this thread while the range it must
 * add next is not ready; results of ranges ahead of the one being added wait in memory, bounded by the number of
 * threads.
 */
async function readRanges(
  plan: RangePlan,
  presetLog: LogId,
  input: InputOptions,
  opts: StreamOptions,
  reader: EventReader,
  spool: Spool,
  report: IngestReport,
): Promise<void> {
  const { file, ranges } = plan;
  const stats = emptyStats(file);
  report.stats.push(stats);
  const fileNumber = reader.fileNumber(file.display);
  const jobs = ranges.map((range, id): EventRangeJob => ({
    path: file.path,
    display: file.display,
    log: file.log,
    presetLog: id === 0 ? undefined : presetLog,
    range,
    encoding: plan.sniffed.encoding,
    inputFormat: input.inputFormat,
    assumeTz: opts.assumeTz,
    maxLineBytes: input.maxLineBytes,
    maxRecordChars: input.maxRecordChars,
    filter: opts.filter,
    lines: opts.lines,
    patterns: opts.patterns,
  }));
  try {
    const threads = {
      entry: new URL("./range-worker.js", import.meta.url),
      threads: opts.workers - 1,
      ahead: opts.workers,
      local: readRange,
    };
    for await (const { index, result: r } of inOrder<EventRangeJob, EventRangeResult>(jobs, threads)) {
      if (!r) continue;
      spool.appendSpool(r.text, r.offsets);
      reader.absorb(r, fileNumber);
      addRangeCounts(stats, r.counts);
      if (r.readError) {
        // Reading the file in one go would have stopped here: later ranges are not added.
        stats.error = r.readError;
        stats.bytes = ranges[index].start + r.bytesRead;
        break;
      }
      stats.bytes = ranges[index].end;
    }
  } catch (err) {
    throw err instanceof WorkerJobError ? new Error(`reading ${file.display}: ${err.thrown.detail}`) : err;
  }
  stats.encoding = encodingLabel(plan.sniffed);
}
