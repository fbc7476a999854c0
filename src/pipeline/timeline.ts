import type { PatchEvent } from "../model/event.js";
import type { InputSpec, FileStats, InputOptions } from "../model/input.js";
import type { Classifier } from "../events/classify.js";
import { buildRuns } from "../events/runs.js";
import { EventCompactor } from "../events/compact.js";
import type { MessageKeeping } from "../events/spill.js";
import { EventReader, readEvents } from "./read-events.js";
import type { IngestReport, Timeline } from "../model/timeline.js";

/**
 * Reads a client's logs and merges their events by UTC time (stable for equal times). Events whose zone is not
 * known keep their order within their file and are marked `timeUncertain`; they are placed by their local time
 * shifted by the bias the client's other logs show (all logs of one machine share its clock), or, with no time
 * at all, right after the event before them in the same file. The messages of a large log go to a temporary file
 * past `keeping`'s budget (`releaseEvents` closes it when the timeline is done with, else its collection does).
 */
export async function buildTimeline(
  paths: InputSpec[],
  input: InputOptions & { stdinName?: string },
  classifier: Classifier,
  keeping?: MessageKeeping,
): Promise<Timeline> {
  const arrived: PatchEvent[] = [];
  const compactor = new EventCompactor(keeping);
  const reader = new EventReader(classifier, (ev) => arrived.push(compactor.compact(ev)));
  const report = await readEvents(paths, input, reader);
  compactor.finish();
  const events = placeEvents(arrived, reader.order());
  const runs = buildRuns(events);
  const { flowLogs, notLogs } = sortFiles(report, reader);
  return { events, runs, report, recognition: reader.recognition(), unparsed: reader.unparsed, flowLogs, notLogs };
}

/** The events in timeline order, each given its place (`seq`); `arrived` is emptied. */
function placeEvents(arrived: PatchEvent[], order: readonly number[]): PatchEvent[] {
  const events: PatchEvent[] = new Array(order.length);
  for (let seq = 0; seq < order.length; seq++) {
    const e = arrived[order[seq]];
    e.seq = seq;
    events[seq] = e;
  }
  arrived.length = 0;
  return events;
}

/** The reading counts of a file that has no record in a log line format (CCM, `$$<` trace, viewer copy). */
function noLogLines(s: FileStats): boolean {
  return s.records === s.recordsByFormat.plain;
}

/**
 * The files read that are patch-flow logs (by name or by their records' component), and those that are no log
 * at all, each of the latter with a warning in the report.
 */
function sortFiles(report: IngestReport, reader: EventReader): { flowLogs: string[]; notLogs: string[] } {
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
  return { flowLogs, notLogs };
}
