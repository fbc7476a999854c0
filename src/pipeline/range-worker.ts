import type { RangeCounts, RangeJob } from "../input/ranges.js";
import { frameRange, newRangeRead, readError } from "../input/read.js";
import { parseAssumedZone } from "../time/time.js";
import { Classifier, type EventDraft, type UserPatternFile } from "../events/classify.js";
import { makeFilter, type EventFilter } from "../timeline/filter.js";
import { EventReader, type ReaderPart } from "./read-events.js";
import { LINE_FORMATS, type LineFormatName } from "../timeline/lines.js";
import { Spool } from "../timeline/spool.js";
import { serveJobs } from "../workers/pool.js";
import type { LogFile } from "../model/input.js";
import type { LogId } from "../model/logs.js";
import type { PatchEvent } from "../model/event.js";

export interface EventRangeJob extends RangeJob {
  /** The log the file's name says (`other` when it does not). */
  log: LogId;
  /** The log the records before this range told, for a file whose name does not say. */
  presetLog?: LogId;
  filter: EventFilter;
  lines: LineFormatName;
  patterns?: UserPatternFile;
}

export interface EventRangeResult extends ReaderPart {
  /** The file could not be read to the end of the range; what was read before is in the result. */
  readError?: string;
  bytesRead: number;
  /** Where each event's text starts in `text` (-1: left out by the filter). */
  offsets: Float64Array;
  text: Uint8Array;
  counts: RangeCounts;
}

/** The streamed timeline's event sink: each event the filter keeps is serialized into the spool, in arrival order. */
export function spoolEvents(spool: Spool, filter: EventFilter, lines: LineFormatName): (ev: EventDraft) => void {
  const keep = makeFilter(filter);
  const format = LINE_FORMATS[lines];
  return (ev) => (keep(ev as PatchEvent) ? spool.add(format.rest(ev)) : spool.skip());
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
  const spool = new Spool(Number.POSITIVE_INFINITY);
  const reader = new EventReader(classifier.fresh(), spoolEvents(spool, job.filter, job.lines));
  const file = { display: job.display, log: job.log } as LogFile;
  if (job.presetLog) reader.presetLog(job.display, job.presetLog);
  const read = newRangeRead();
  for await (const items of frameRange(
    { ...job, assume: job.assumeTz ? parseAssumedZone(job.assumeTz) : undefined },
    read,
  ))
    reader.take(file, items);
  const { bytes: text, starts } = spool.export();
  return {
    readError: read.error === undefined ? undefined : readError(read.error),
    bytesRead: read.bytes,
    ...reader.export(),
    offsets: starts,
    text,
    counts: read.counts,
  };
}

serveJobs<EventRangeJob, EventRangeResult>(
  readRange,
  (r) =>
    [
      r.columns.utc.buffer,
      r.columns.local.buffer,
      r.columns.file.buffer,
      r.offsets.buffer,
      r.text.buffer,
    ] as ArrayBuffer[],
);
