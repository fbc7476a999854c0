import { Worker } from "node:worker_threads";
import { createReadStream } from "node:fs";
import type { PatchEvent } from "../model/event.js";
import type { LogId } from "../model/logs.js";
import type { UnparsedSpan } from "../model/record.js";
import type { InputSpec, InputOptions } from "../model/input.js";
import type { Classifier, UserPatternFile } from "../events/classify.js";
import { discoverGroups, newReport } from "./ingest.js";
import type { IngestReport } from "../model/timeline.js";
import { emptyStats, encodingLabel, readGroup } from "../input/read.js";
import { addRangeCounts, rangePlan, type RangePlan } from "../input/parallel.js";
import { Framer } from "../input/framer.js";
import { readPieces } from "../input/reader.js";
import { makeFilter, type EventFilter } from "../timeline/filter.js";
import { EventReader } from "./read-events.js";
import { LINE_FORMATS, type LineFormatName } from "../timeline/lines.js";
import { Spool } from "../timeline/spool.js";
import { readRange, type EventRangeJob, type EventRangeResult } from "./range-worker.js";

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
  const keep = makeFilter(opts.filter);
  const format = LINE_FORMATS[opts.lines];
  const reader = new EventReader(classifier, (ev) => (keep(ev as PatchEvent) ? spool.add(format.rest(ev)) : spool.skip()));
  const report = newReport();
  try {
    const groups = await discoverGroups(paths, input, report);
    try {
      for (const group of groups) {
        const plan = await rangePlan(group, input.encoding, opts.workers, opts.parallelMinBytes, opts.rangeBytes ?? RANGE_BYTES);
        const presetLog = plan && (await logBeforeRanges(plan, input, classifier));
        if (plan && presetLog) await readRanges(plan, presetLog, input, opts, { reader, spool, report, classifier });
        else for await (const { file, items } of readGroup(group, input, report.stats)) reader.take(file, items);
      }
    } finally {
      report.discovery.dispose();
    }
    const order = reader.columns.order(reader.machineBias());
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
async function logBeforeRanges(plan: RangePlan, input: InputOptions, classifier: Classifier): Promise<LogId | undefined> {
  if (plan.file.log !== "other") return plan.file.log;
  const first = plan.ranges[0];
  const framer = new Framer({ file: plan.file.display, inputFormat: input.inputFormat, assume: input.assume, maxRecordChars: input.maxRecordChars });
  const stream = createReadStream(plan.file.path, { start: 0, end: first.end - 1, highWaterMark: 64 * 1024 });
  try {
    for await (const piece of readPieces(stream, { encoding: plan.sniffed.encoding, maxLineBytes: input.maxLineBytes }, { bytes: 0 })) {
      for (const it of framer.push(piece)) {
        const log = it.kind === "record" ? classifier.logOfComponent(it.component) : undefined;
        if (log) return log;
      }
    }
  } finally {
    stream.destroy();
  }
  return undefined;
}

interface Sink {
  reader: EventReader;
  spool: Spool;
  report: IngestReport;
  classifier: Classifier;
}

/**
 * Reads a file's ranges on `workers` threads (this one and `workers - 1` worker threads) and adds their events in
 * file order. A worker takes the next range as soon as it is free, and so does this thread while the range it must
 * add next is not ready; results of ranges ahead of the one being added wait in memory, bounded by the number of
 * threads.
 */
async function readRanges(plan: RangePlan, presetLog: LogId, input: InputOptions, opts: StreamOptions, sink: Sink): Promise<void> {
  const { file, ranges } = plan;
  const stats = emptyStats(file);
  sink.report.stats.push(stats);
  const fileNumber = sink.reader.fileNumber(file.display);
  const results = new Map<number, EventRangeResult>();
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let next = 0;
  let adding = 0;
  const idle: Worker[] = [];
  const workers: Worker[] = [];
  const jobOf = (id: number): EventRangeJob => ({
    id, path: file.path, display: file.display, log: file.log, presetLog: id === 0 ? undefined : presetLog, range: ranges[id],
    encoding: plan.sniffed.encoding, inputFormat: input.inputFormat, assumeTz: opts.assumeTz, maxLineBytes: input.maxLineBytes,
    maxRecordChars: input.maxRecordChars, filter: opts.filter, lines: opts.lines, patterns: opts.patterns,
  });
  const feed = (w: Worker): void => {
    if (next >= ranges.length) return;
    if (next > adding + opts.workers) {
      idle.push(w);
      return;
    }
    w.postMessage(jobOf(next++));
  };
  for (let k = 0; k < Math.min(opts.workers - 1, ranges.length); k++) {
    const w = new Worker(new URL("./range-worker.js", import.meta.url));
    workers.push(w);
    w.on("message", (m: EventRangeResult) => {
      if (m.error) failure = new Error(`reading ${file.display}: ${m.error}`);
      else results.set(m.id, m);
      feed(w);
      wake?.();
    });
    w.on("error", (err) => {
      failure = err;
      wake?.();
    });
    feed(w);
  }
  try {
    for (let id = 0; id < ranges.length; id++) {
      let r: EventRangeResult | undefined;
      while (!(r = results.get(id))) {
        if (failure) throw failure;
        if (next < ranges.length && next <= adding + opts.workers) {
          const mine = next++;
          results.set(mine, await readRange(jobOf(mine)));
        } else await new Promise<void>((resolve) => (wake = resolve));
      }
      results.delete(id);
      adding = id + 1;
      while (idle.length && next < ranges.length && next <= adding + opts.workers) feed(idle.shift()!);
      sink.spool.appendSpool(r.text!, r.offsets!);
      sink.reader.columns.append(r.columns!, fileNumber);
      sink.reader.addVotes(r.votes!);
      for (const u of r.unparsed!) sink.reader.unparsed.push(u);
      for (const [log, n] of r.recognized!) sink.classifier.recognized.set(log, (sink.classifier.recognized.get(log) ?? 0) + n);
      for (const [log, n] of r.unrecognized!) sink.classifier.unrecognized.set(log, (sink.classifier.unrecognized.get(log) ?? 0) + n);
      addRangeCounts(stats, r.counts!);
      if (r.readError) {
        // Reading the file in one go would have stopped here: later ranges are not added.
        stats.error = r.readError;
        stats.bytes = ranges[id].start + r.bytesRead!;
        break;
      }
      stats.bytes = ranges[id].end;
    }
    stats.encoding = encodingLabel(plan.sniffed);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
