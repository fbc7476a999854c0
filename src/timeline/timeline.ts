import type { PatchEvent } from "../model/event.js";
import type { LogId } from "../model/logs.js";
import type { ParsedItem } from "../model/record.js";
import type { InputSpec } from "../input/discover.js";
import type { Classifier } from "../events/classify.js";
import { buildRuns, type Run } from "../events/runs.js";
import type { IngestReport } from "../ingest.js";
import type { FileStats, InputOptions } from "../input/read.js";
import { EventReader, readEvents } from "./read-events.js";

/** One client's merged events and runs, with what reading gave. */
export interface Timeline {
  events: PatchEvent[];
  runs: Run[];
  report: IngestReport;
  /** Per log: records a pattern recognized, and records no pattern recognized (generic or inferred events). */
  recognition: Array<{ log: LogId; recognized: number; unrecognized: number }>;
  /** Unparsed spans, in file order, for the output to point at. */
  unparsed: Array<Extract<ParsedItem, { kind: "unparsed" }>>;
  /** Files that speak for a patch-flow log (by name, or by their records' component). */
  flowLogs: string[];
  /** Files that are not a recognized log: no record in a known line format, and no known log name. */
  notLogs: string[];
}

/** The reading counts of a file that has no record in a log line format (CCM, `$$<` trace, viewer copy). */
function noLogLines(s: FileStats): boolean {
  return s.records === s.recordsByFormat.plain;
}

/**
 * Reads a client's logs and merges their events by UTC time (stable for equal times). Events whose zone is not
 * known keep their order within their file and are marked `timeUncertain`; they are placed by their local time
 * shifted by the bias the client's other logs show (all logs of one machine share its clock), or, with no time
 * at all, right after the event before them in the same file.
 */
export async function buildTimeline(paths: InputSpec[], input: InputOptions & { stdinName?: string }, classifier: Classifier): Promise<Timeline> {
  const arrived: PatchEvent[] = [];
  const reader = new EventReader(classifier, (ev) => arrived.push(ev as PatchEvent));
  const report = await readEvents(paths, input, reader);
  const order = reader.columns.order(reader.machineBias());
  const events: PatchEvent[] = new Array(order.length);
  for (let seq = 0; seq < order.length; seq++) {
    const e = arrived[order[seq]];
    e.seq = seq;
    events[seq] = e;
  }
  arrived.length = 0;
  const runs = buildRuns(events);
  const flowLogs: string[] = [];
  const notLogs: string[] = [];
  for (const s of report.stats) {
    const log = reader.logOfFile({ display: s.file, log: s.log });
    if (log !== "other") flowLogs.push(s.file);
    else if (noLogLines(s) && !s.error) {
      notLogs.push(s.file);
      // Its lines stay events of no stage: no rule looks at them.
      report.discovery.warnings.push(
        s.lines === 0
          ? `${s.file}: empty; no evidence for any stage`
          : `${s.file}: not a recognized log (no line in a known log format, and not the name of a patch-flow log); no evidence for any stage`,
      );
    }
  }
  return { events, runs, report, recognition: reader.recognition(), unparsed: reader.unparsed, flowLogs, notLogs };
}
