import { parentPort } from "node:worker_threads";
import { createReadStream } from "node:fs";
import { countItem, type ByteRange, type RangeCounts } from "../input/ranges.js";
import { Framer } from "../input/framer.js";
import { readPieces, type ReadInfo } from "../input/reader.js";
import { readError } from "../input/read.js";
import { parseAssumedZone } from "../time/time.js";
import { Classifier, type UserPatternFile } from "../events/classify.js";
import { makeFilter, type EventFilter } from "../timeline/filter.js";
import { EventReader } from "./read-events.js";
import { LINE_FORMATS, type LineFormatName } from "../timeline/lines.js";
import { Spool } from "../timeline/spool.js";
import type { EncodingName, LogFile } from "../model/input.js";
import type { FrameFormat } from "../model/frame.js";
import type { LogId } from "../model/logs.js";
import type { PatchEvent } from "../model/event.js";
import type { UnparsedSpan } from "../model/record.js";

export interface EventRangeJob {
  id: number;
  path: string;
  display: string;
  /** The log the file's name says (`other` when it does not). */
  log: LogId;
  /** The log the records before this range told, for a file whose name does not say. */
  presetLog?: LogId;
  range: ByteRange;
  encoding: EncodingName;
  inputFormat?: FrameFormat;
  assumeTz?: string;
  maxLineBytes: number;
  maxRecordChars?: number;
  filter: EventFilter;
  lines: LineFormatName;
  patterns?: UserPatternFile;
}

export interface EventRangeResult {
  id: number;
  /** The worker failed (a bug): the command stops. */
  error?: string;
  /** The file could not be read to the end of the range; what was read before is in the result. */
  readError?: string;
  bytesRead?: number;
  columns?: { utc: Float64Array; local: Float64Array; file: Uint32Array; length: number };
  /** Where each event's text starts in `text` (-1: left out by the filter). */
  offsets?: Float64Array;
  text?: Uint8Array;
  unparsed?: UnparsedSpan[];
  counts?: RangeCounts;
  votes?: Array<[number, number]>;
  recognized?: Array<[LogId, number]>;
  unrecognized?: Array<[LogId, number]>;
}

let classifier: Classifier | undefined;
let patternsKey = "";

/** Reads one range of a file into serialized events and the columns that order them. */
export async function readRange(job: EventRangeJob): Promise<EventRangeResult> {
  const key = JSON.stringify(job.patterns ?? null);
  if (!classifier || key !== patternsKey) {
    classifier = new Classifier(job.patterns);
    patternsKey = key;
  }
  const counter = classifier.fresh();
  const keep = makeFilter(job.filter);
  const format = LINE_FORMATS[job.lines];
  const spool = new Spool(Number.POSITIVE_INFINITY);
  const reader = new EventReader(counter, (ev) => (keep(ev as PatchEvent) ? spool.add(format.rest(ev)) : spool.skip()));
  const file = { display: job.display, log: job.log } as LogFile;
  if (job.presetLog) reader.presetLog(job.display, job.presetLog);
  const framer = new Framer({ file: job.display, inputFormat: job.inputFormat, assume: job.assumeTz ? parseAssumedZone(job.assumeTz) : undefined, firstLine: job.range.firstLine, maxRecordChars: job.maxRecordChars });
  const counts: RangeCounts = { lines: 0, records: {}, unparsed: {} };
  const take = (items: ReturnType<Framer["push"]>): void => {
    for (const it of items) countItem(counts, it);
    reader.take(file, items);
  };
  const info: ReadInfo = { bytes: 0 };
  let error: string | undefined;
  // As when a file is read in one go: a read error keeps what was read before it and is reported, not thrown.
  try {
    const stream = createReadStream(job.path, { start: job.range.start, end: job.range.end - 1, highWaterMark: 64 * 1024 });
    for await (const piece of readPieces(stream, { encoding: job.encoding, maxLineBytes: job.maxLineBytes }, info)) {
      piece.byteStart += job.range.start;
      take(framer.push(piece));
    }
  } catch (err) {
    error = readError(err);
  }
  take(framer.end());
  counts.lines = framer.lines;
  const { bytes: text, starts } = spool.export();
  return {
    id: job.id,
    readError: error,
    bytesRead: info.bytes,
    columns: reader.columns.export(),
    offsets: starts,
    text,
    unparsed: reader.unparsed,
    counts,
    votes: reader.votes,
    recognized: [...counter.recognized],
    unrecognized: [...counter.unrecognized],
  };
}

parentPort?.on("message", async (job: EventRangeJob) => {
  try {
    const r = await readRange(job);
    const c = r.columns!;
    parentPort!.postMessage(r, [c.utc.buffer, c.local.buffer, c.file.buffer, r.offsets!.buffer, r.text!.buffer] as ArrayBuffer[]);
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).stack ?? String(err) } satisfies EventRangeResult);
  }
});
